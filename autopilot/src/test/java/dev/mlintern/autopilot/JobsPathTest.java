package dev.mlintern.autopilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.autopilot.bench.BenchRunner;
import dev.mlintern.autopilot.bench.BenchTask;
import dev.mlintern.autopilot.bench.Grader;
import dev.mlintern.compute.Compute;
import dev.mlintern.core.builtin.ReadTool;
import dev.mlintern.core.builtin.WriteTool;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.store.SqliteSessionStore;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.testkit.Shared;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without its own trial tool the autopilot runs every trial as a job: it writes the recipe into the
 * workspace and submits, waits for and reads each trial through the compute module's jobs tool, so
 * trials go through the local executor and the experiment ledger.
 */
class JobsPathTest {
  @TempDir Path dir;

  @Test
  void trialsRunAsJobsThroughTheComputeModule() throws Exception {
    BenchTask task = BenchTask.load(Shared.benchTask("wine"));
    Settings settings =
        Settings.of(dir.resolve("home"), Map.of("MLINTERN_PYTHON", "/usr/bin/python3"));
    RecordingReportTool report = new RecordingReportTool();
    try (Compute compute = Compute.open(settings);
        var store =
            new SqliteSessionStore(dir.resolve("store.db"), Secrets.none(), Clock.systemUTC())) {
      List<Tool<?>> tools = new ArrayList<>(compute.tools());
      tools.add(new ReadTool());
      tools.add(new WriteTool());
      tools.add(report);
      new BenchRunner(
              new AutopilotModel(0, 2, 4, Clock.systemUTC()),
              tools,
              store,
              Clock.systemUTC(),
              new PrintWriter(new StringWriter()))
          .run(task, Duration.ofMinutes(2), dir.resolve("out"), "repro");
    }
    assertThat(dir.resolve("out/workspace/.autopilot/trial.py")).exists();
    JsonNode result = new ObjectMapper().readTree(Files.readString(dir.resolve("out/result.json")));
    // audit, 2 baselines, search trials (at most 4), finalists on validation, the final fit: all
    // submitted as jobs
    assertThat(result.path("trials").asInt()).as(report.calls.toString()).isGreaterThanOrEqualTo(6);
    assertThat(report.calls).hasSize(1);
    assertThat(report.calls.get(0).trials().toString())
        .contains("\"mode\":\"holdout\"")
        .contains("\"status\":\"ok\"");
    assertThat(report.calls.get(0).audit().toString()).contains("training rows");
    assertThat(new Grader(task).grade(dir.resolve("out/submission.csv")))
        .isGreaterThanOrEqualTo(0.96);
    assertThat(Files.list(dir.resolve("home/jobs")).count()).isGreaterThanOrEqualTo(6);
  }
}
