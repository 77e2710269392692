package dev.mlintern.autopilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.autopilot.bench.BenchResult;
import dev.mlintern.autopilot.bench.BenchRunner;
import dev.mlintern.autopilot.bench.BenchTask;
import dev.mlintern.autopilot.bench.Grader;
import dev.mlintern.autopilot.trial.TrialTool;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.store.SqliteSessionStore;
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

class BenchRunTest {
  @TempDir Path dir;

  @Test
  void autopilotSolvesBreastCancerWithinOneMinuteAndWritesTheFixedFiles() throws Exception {
    BenchTask task = BenchTask.load(Shared.benchTask("breast-cancer"));
    RecordingReportTool report = new RecordingReportTool();
    StringWriter progress = new StringWriter();
    try (var store =
        new SqliteSessionStore(dir.resolve("store.db"), Secrets.none(), Clock.systemUTC())) {
      BenchRunner runner =
          new BenchRunner(
              new AutopilotModel(0, 2, 0, Clock.systemUTC()),
              List.of(new TrialTool("/usr/bin/python3", Duration.ofMinutes(2), 2), report),
              store,
              Clock.systemUTC(),
              new PrintWriter(progress, true));
      BenchResult result =
          runner.run(task, Duration.ofMinutes(1), dir.resolve("out"), "mlintern bench run ...");

      Path out = dir.resolve("out");
      assertThat(out.resolve("submission.csv")).exists();
      assertThat(out.resolve("report.md")).exists();
      JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("result.json")));
      assertThat(json.path("task").asText()).isEqualTo("breast-cancer");
      assertThat(json.path("metric").asText()).isEqualTo("roc_auc");
      assertThat(json.path("model").asText()).isEqualTo("autopilot");
      assertThat(json.path("validation").path("score").asDouble()).isGreaterThan(0.95);
      assertThat(json.path("chosen").path("recipe").asText()).startsWith("autopilot-tabular/");
      assertThat(json.path("trials").asInt()).isGreaterThan(4);
      assertThat(result.seconds()).isLessThan(90);
      double score = new Grader(task).grade(out.resolve("submission.csv"));
      assertThat(score).isGreaterThanOrEqualTo(0.99168 - 0.005);
      assertThat(report.calls).hasSize(1);
      assertThat(report.calls.get(0).audit().toString()).contains("training rows");
      assertThat(dir.resolve("out/workspace/data/train.csv")).exists();
      assertThat(progress.toString()).contains("trials");
    }
  }
}
