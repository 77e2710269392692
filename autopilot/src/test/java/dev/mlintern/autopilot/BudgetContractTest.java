package dev.mlintern.autopilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.autopilot.bench.BenchResult;
import dev.mlintern.autopilot.bench.BenchTask;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.store.SqliteSessionStore;
import dev.mlintern.testkit.Shared;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The budget is a contract, checked on real jobs: with an interpreter under which every model but
 * the trivial one hangs (a stand-in for data too big for the budget), the run still ends within its
 * budget plus max(5%, 5 s), with the trivial model's predictions as the submission; the hung jobs
 * are stopped, and no process the run started is alive afterwards.
 */
class BudgetContractTest {
  @TempDir Path dir;

  @Test
  void aRunWhoseEveryModelHangsEndsInTimeWithTheFallbackAndLeavesNoProcess() throws Exception {
    BenchTask task = BenchTask.load(Shared.benchTask("wine"));
    Path python = dir.resolve("hanging-python");
    Files.writeString(
        python,
        "#!/bin/sh\n"
            + "if grep -Eq '\"(model\" *: *\"dummy|mode\" *: *\"audit)\"' \"$MLINTERN_CONFIG\"; then\n"
            + "  exec /usr/bin/python3 \"$@\"\n"
            + "fi\n"
            + "exec sleep 1000\n");
    Files.setPosixFilePermissions(python, PosixFilePermissions.fromString("rwx------"));
    RecordingReportTool report = new RecordingReportTool();
    int budget = 40;
    BenchResult result;
    List<JobRecord> jobs;
    try (var store =
            new SqliteSessionStore(dir.resolve("store.db"), Secrets.none(), Clock.systemUTC());
        LocalJobs local = new LocalJobs(dir.resolve("home"), python.toString())) {
      result =
          local
              .runner(
                  new AutopilotModel(0, 2, 0, Clock.systemUTC()),
                  store,
                  new PrintWriter(new StringWriter()),
                  report)
              .run(task, Duration.ofSeconds(budget), dir.resolve("out"), "repro");
      jobs = local.compute.jobs().list(null, 100);
    }
    assertThat(result.seconds()).isLessThanOrEqualTo(budget + 5);
    List<String> submission = Files.readAllLines(dir.resolve("out/submission.csv"));
    List<String> test = Files.readAllLines(task.test());
    assertThat(submission).hasSize(test.size());
    // the prior: every row gets the most frequent class
    assertThat(submission.subList(1, submission.size()).stream().map(l -> l.split(",")[1]))
        .hasSize(test.size() - 1)
        .containsOnly(submission.get(1).split(",")[1]);
    JsonNode chosen =
        new ObjectMapper()
            .readTree(Files.readString(dir.resolve("out/result.json")))
            .path("chosen");
    assertThat(chosen.path("recipe").asText()).isEqualTo("tabular/dummy");
    assertThat(report.calls).hasSize(1);
    assertThat(jobs).isNotEmpty().allMatch(j -> j.state().terminal());
    assertThat(jobs).anyMatch(j -> j.state().label().equals("timed_out"));
    // every job ran in its own process group (a sandbox's processes included): none is left
    try (var folders = Files.list(dir.resolve("home/jobs"))) {
      for (Path folder :
          folders.filter(f -> f.getFileName().toString().startsWith("j-")).toList()) {
        String group = Files.readString(folder.resolve("pgid")).strip();
        Process pgrep = new ProcessBuilder("pgrep", "-g", group).start();
        assertThat(pgrep.waitFor()).as("processes left in group " + group).isEqualTo(1);
      }
    }
  }
}
