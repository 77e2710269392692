package dev.mlintern.autopilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.autopilot.bench.BenchRunner;
import dev.mlintern.autopilot.bench.BenchTask;
import dev.mlintern.autopilot.bench.Grader;
import dev.mlintern.autopilot.trial.TrialTool;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.store.SqliteSessionStore;
import dev.mlintern.testkit.ScriptedChatModel;
import dev.mlintern.testkit.Shared;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM path: a scripted model solves a bench task with the tools the autopilot uses, and nothing
 * else.
 */
class ScriptedBenchTest {
  @TempDir Path dir;

  @Test
  void aModelCanSolveABenchTaskWithTheSameTools() throws Exception {
    BenchTask task = BenchTask.load(Shared.benchTask("wine"));
    String data =
        "\"train\":\"data/train.csv\",\"test\":\"data/test.csv\",\"target\":\"cultivar\",\"id\":\"id\",\"type\":\"classification\",\"metric\":\"accuracy\"";
    String model = "\"model\":{\"family\":\"linear\",\"params\":{\"C\":1.0}}";
    ScriptedChatModel scripted =
        new ScriptedChatModel()
            .call("trial", "{\"name\":\"audit\",\"config\":{" + data + ",\"mode\":\"audit\"}}")
            .call(
                "trial",
                "{\"name\":\"logreg-cv\",\"config\":{" + data + "," + model + ",\"mode\":\"cv\"}}")
            .call(
                "trial",
                "{\"name\":\"logreg-val\",\"config\":{"
                    + data
                    + ","
                    + model
                    + ",\"mode\":\"holdout\",\"seeds\":[0]}}")
            .call(
                "trial",
                "{\"name\":\"logreg-final\",\"config\":{"
                    + data
                    + ","
                    + model
                    + ",\"mode\":\"final\",\"predictions\":\"submission.csv\"}}")
            .call(
                "report",
                "{\"title\":\"wine by a scripted model\",\"goal\":\"predict the cultivar\","
                    + "\"chosen\":{\"candidate\":\"logreg\",\"recipe\":\"autopilot-tabular/linear\","
                    + "\"config\":\"{\\\"family\\\":\\\"linear\\\"}\",\"why\":\"only candidate\",\"score\":0.96,\"std\":0.0}}")
            .text("Done: logistic regression, submission.csv written.");
    RecordingReportTool report = new RecordingReportTool();
    try (var store =
        new SqliteSessionStore(dir.resolve("store.db"), Secrets.none(), Clock.systemUTC())) {
      new BenchRunner(
              scripted,
              List.of(new TrialTool("/usr/bin/python3", Duration.ofMinutes(2), 2), report),
              store,
              Clock.systemUTC(),
              new PrintWriter(new StringWriter()))
          .run(task, Duration.ofMinutes(1), dir, "repro");
    }
    assertThat(new Grader(task).grade(dir.resolve("submission.csv"))).isGreaterThanOrEqualTo(0.96);
    JsonNode result = new ObjectMapper().readTree(Files.readString(dir.resolve("result.json")));
    assertThat(result.path("model").asText()).isEqualTo("scripted:test");
    assertThat(result.path("trials").asInt()).isEqualTo(4);
    assertThat(result.path("chosen").path("config").path("family").asText()).isEqualTo("linear");
    assertThat(report.calls).hasSize(1);
    // every tool result the model saw was a success: the tool set was enough
    assertThat(scripted.requests().get(scripted.requests().size() - 1).messages())
        .filteredOn(m -> m instanceof dev.mlintern.core.model.ToolResultMessage r && r.isError())
        .isEmpty();
  }
}
