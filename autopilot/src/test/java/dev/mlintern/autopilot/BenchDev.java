package dev.mlintern.autopilot;

import dev.mlintern.autopilot.bench.BenchResult;
import dev.mlintern.autopilot.bench.BenchRunner;
import dev.mlintern.autopilot.bench.BenchTask;
import dev.mlintern.autopilot.bench.Grader;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.store.SqliteSessionStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Development harness (not a test): java ... BenchDev TASK_DIR SECONDS OUT. Prints the graded
 * score.
 */
public final class BenchDev {
  public static void main(String[] args) throws Exception {
    BenchTask task = BenchTask.load(Path.of(args[0]));
    Path out = Path.of(args[2]);
    Files.createDirectories(out);
    try (var store =
            new SqliteSessionStore(out.resolve("store.db"), Secrets.none(), Clock.systemUTC());
        LocalJobs jobs = new LocalJobs(out.resolve("home"))) {
      BenchRunner runner =
          jobs.runner(
              new AutopilotModel(0, 2, 0, Clock.systemUTC()),
              store,
              new PrintWriter(System.err, true),
              new RecordingReportTool());
      BenchResult result =
          runner.run(task, Duration.ofSeconds(Long.parseLong(args[1])), out, "dev");
      System.out.println(result.toJson());
      System.out.println("graded " + new Grader(task).grade(out.resolve("submission.csv")));
    }
  }
}
