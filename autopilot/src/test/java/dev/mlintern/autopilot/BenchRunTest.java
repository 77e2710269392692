package dev.mlintern.autopilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.autopilot.bench.BenchResult;
import dev.mlintern.autopilot.bench.BenchRunner;
import dev.mlintern.autopilot.bench.BenchTask;
import dev.mlintern.autopilot.bench.Grader;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.store.SqliteSessionStore;
import dev.mlintern.testkit.Shared;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
            new SqliteSessionStore(dir.resolve("store.db"), Secrets.none(), Clock.systemUTC());
        LocalJobs jobs = new LocalJobs(dir.resolve("home"))) {
      BenchRunner runner =
          jobs.runner(
              new AutopilotModel(0, 2, 0, Clock.systemUTC()),
              store,
              new PrintWriter(progress, true),
              report);
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
      assertThat(json.path("chosen").path("recipe").asText()).startsWith("tabular/");
      assertThat(json.path("trials").asInt()).isGreaterThan(4);
      assertThat(result.seconds()).isLessThanOrEqualTo(65);
      double score = new Grader(task).grade(out.resolve("submission.csv"));
      assertThat(score).isGreaterThanOrEqualTo(0.99168 - 0.005);
      assertThat(report.calls).hasSize(1);
      assertThat(report.calls.get(0).audit().toString()).contains("training rows");
      assertThat(dir.resolve("out/workspace/data/train.csv")).exists();
      assertThat(progress.toString()).contains("trials");
      // the report names the command that reruns each trial; rerun as is, a trial scores the same
      JsonNode simple = null;
      for (JsonNode t : report.calls.get(0).trials()) {
        if (t.path("name").asText().equals("simple.cv")) {
          simple = t;
        }
      }
      assertThat(simple).isNotNull();
      String[] rerun = simple.path("rerun").asText().split(" ");
      rerun[0] = "/usr/bin/python3";
      Process p =
          new ProcessBuilder(rerun)
              .directory(out.resolve("workspace").toFile())
              .redirectErrorStream(true)
              .start();
      String log = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as(log).isZero();
      JsonNode again =
          new ObjectMapper()
              .readTree(Files.readString(out.resolve("workspace/rerun/simple.cv/result.json")));
      assertThat(again.path("metrics").path("val_roc_auc").asDouble())
          .isEqualTo(simple.path("score").asDouble());
    }
  }
}
