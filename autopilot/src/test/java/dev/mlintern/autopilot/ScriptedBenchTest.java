package dev.mlintern.autopilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.autopilot.bench.BenchTask;
import dev.mlintern.autopilot.bench.Grader;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolResultMessage;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The LLM path: a scripted model solves a bench task with the tools and the recipe the autopilot
 * uses, reading the job id from the jobs tool's words as a model would.
 */
class ScriptedBenchTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void aModelCanSolveABenchTaskWithTheSameToolsAndRecipe() throws Exception {
    BenchTask task = BenchTask.load(Shared.benchTask("wine"));
    ObjectNode config =
        JSON.createObjectNode()
            .put("train", "data/train.csv")
            .put("test", "data/test.csv")
            .put("target", "cultivar")
            .put("id", "id")
            .put("metric", "accuracy")
            .put("model", "linear")
            .put("predictions", "submission.csv");
    ObjectNode submit = JSON.createObjectNode().put("operation", "submit");
    submit.putArray("command").add("python").add("tabular.py");
    submit.set("config", config);
    ScriptedChatModel scripted = new ScriptedChatModel();
    scripted
        .call("write", write("tabular.py"))
        .call("write", write("mlintern_recipe.py"))
        .call("jobs", submit.toString())
        .step(
            request ->
                scripted.response(
                    "",
                    List.of(
                        ScriptedChatModel.toolCall(
                            "jobs",
                            "{\"operation\":\"wait\",\"seconds\":120,\"id\":\""
                                + jobId(request)
                                + "\"}")),
                    StopReason.TOOL_USE))
        .call(
            "report",
            "{\"title\":\"wine by a scripted model\",\"goal\":\"predict the cultivar\","
                + "\"chosen\":{\"candidate\":\"logreg\",\"recipe\":\"tabular/linear\","
                + "\"config\":\"{\\\"model\\\":\\\"linear\\\"}\",\"why\":\"only candidate\",\"score\":0.96,\"std\":0.0}}")
        .text("Done: logistic regression, submission.csv written.");
    RecordingReportTool report = new RecordingReportTool();
    try (var store =
            new SqliteSessionStore(dir.resolve("store.db"), Secrets.none(), Clock.systemUTC());
        LocalJobs jobs = new LocalJobs(dir.resolve("home"))) {
      jobs.runner(scripted, store, new PrintWriter(new StringWriter()), report)
          .run(task, Duration.ofMinutes(1), dir, "repro");
    }
    assertThat(new Grader(task).grade(dir.resolve("submission.csv"))).isGreaterThanOrEqualTo(0.96);
    JsonNode result = JSON.readTree(Files.readString(dir.resolve("result.json")));
    assertThat(result.path("model").asText()).isEqualTo("scripted:test");
    assertThat(result.path("trials").asInt()).isEqualTo(1);
    assertThat(result.path("chosen").path("config").path("model").asText()).isEqualTo("linear");
    assertThat(report.calls).hasSize(1);
    // every tool result the model saw was a success: the tool set was enough
    assertThat(scripted.requests().get(scripted.requests().size() - 1).messages())
        .filteredOn(m -> m instanceof ToolResultMessage r && r.isError())
        .isEmpty();
  }

  private static String write(String recipe) throws Exception {
    return JSON.createObjectNode()
        .put("path", recipe)
        .put("content", Files.readString(Path.of("../recipes", recipe)))
        .toString();
  }

  private static String jobId(ChatRequest request) {
    List<Message> messages = request.messages();
    String last = ((ToolResultMessage) messages.get(messages.size() - 1)).content();
    Matcher m = Pattern.compile("j-[a-z0-9]+").matcher(last);
    return m.find() ? m.group() : "none";
  }
}
