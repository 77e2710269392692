package dev.mlintern.compute.bench;

import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobService;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.JobView;
import dev.mlintern.compute.executor.LocalExecutor;
import dev.mlintern.compute.executor.PythonResolver;
import dev.mlintern.compute.executor.SlurmExecutor;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.builtin.Sandbox;
import dev.mlintern.core.secret.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The compute benchmark (run by {@code scripts/bench-compute.sh}, never by tests): per-job overhead
 * from submit to the first metric seen, metric ingestion rate, and the wall time of 8 CPU-bound ~5
 * s jobs run one after another, with local concurrency 2, and through Slurm. Prints a Markdown
 * table to stdout.
 */
public final class ComputeBenchmark {
  private static final Duration POLL = Duration.ofMillis(20);
  private final JobService service;
  private final StringBuilder report = new StringBuilder();

  private ComputeBenchmark(JobService service) {
    this.service = service;
  }

  public static void main(String[] args) throws Exception {
    Path home = Files.createTempDirectory("mlintern-bench");
    boolean slurm = SlurmExecutor.available();
    Map<String, String> env =
        Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", home.toString());
    PythonResolver python = new PythonResolver(null, "/usr/bin:/bin", List.of("json"));
    IntFunction<LocalExecutor> localRunning =
        parallel ->
            new LocalExecutor(
                home.resolve("jobs"),
                parallel,
                env,
                python,
                List::of,
                Clock.systemUTC(),
                Sleeper.SYSTEM,
                Sandbox.detect(List.of(home), List.of()));
    LocalExecutor local = localRunning.apply(2);
    LocalExecutor serial = localRunning.apply(1);
    SlurmExecutor cluster =
        new SlurmExecutor(
            home.resolve("jobs"),
            new SlurmExecutor.Options(null, null, null, List.of(), List.of()),
            env,
            python,
            Clock.systemUTC(),
            Sleeper.SYSTEM);
    try (LedgerDb db = LedgerDb.open(home)) {
      JobService service =
          new JobService(
              db,
              Map.of("local", local, "slurm", cluster, "serial", serial),
              home.resolve("jobs"),
              Secrets.none(),
              Clock.systemUTC(),
              Sleeper.SYSTEM);
      ComputeBenchmark bench = new ComputeBenchmark(service);
      bench.line("| measure | executor | value |");
      bench.line("|---|---|---|");
      List<String> executors = slurm ? List.of("local", "slurm") : List.of("local");
      for (String executor : executors) {
        bench.overhead(executor, 5);
        bench.ingestion(executor, 20_000);
      }
      long iterations = bench.calibrate();
      bench.line(
          row(
              "8 x ~5 s CPU jobs, one after another",
              "local",
              bench.batch("local", iterations, true)));
      bench.line(
          row(
              "8 x ~5 s CPU jobs, concurrency 2",
              "local",
              bench.batch("local", iterations, false)));
      if (slurm) {
        bench.line(
            row(
                "8 x ~5 s CPU jobs, submitted at once",
                "slurm (2 CPUs)",
                bench.batch("slurm", iterations, false)));
      } else {
        bench.line("| (slurm skipped: no controller answers `scontrol ping`) | | |");
      }
      System.out.println(bench.report);
    }
  }

  private void overhead(String executor, int repeats) throws Exception {
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      long start = System.nanoTime();
      JobRecord job =
          service.submit(
              JobSpec.of(
                  List.of(
                      "bash",
                      "-c",
                      "echo 'MLINTERN_METRIC {\"name\": \"ready\", \"value\": 1}'; sleep 0.5")),
              executor,
              null,
              false,
              e -> {});
      while (service.refresh(job.id(), e -> {}).latest().isEmpty()) {
        Sleeper.SYSTEM.sleep(POLL);
      }
      seconds.add((System.nanoTime() - start) / 1e9);
      service.await(job.id(), Duration.ofMinutes(1), POLL, e -> {});
    }
    seconds.sort(Double::compare);
    line(
        row(
            "submit → first metric (median of " + repeats + ", poll 20 ms)",
            executor,
            String.format(
                Locale.ROOT,
                "%.2f s (min %.2f, max %.2f)",
                seconds.get(repeats / 2),
                seconds.get(0),
                seconds.get(repeats - 1))));
  }

  private void ingestion(String executor, int lines) throws Exception {
    JobRecord job =
        service.submit(
            JobSpec.of(
                List.of(
                    "bash",
                    "-c",
                    "for i in $(seq 1 "
                        + lines
                        + "); do echo \"MLINTERN_METRIC {\\\"name\\\": \\\"loss\\\", \\\"value\\\": 0.$i, \\\"step\\\": $i}\"; done")),
            executor,
            null,
            false,
            e -> {});
    while (!Files.exists(job.outputDir().resolve("exit_code"))) {
      Sleeper.SYSTEM.sleep(POLL);
    }
    long start = System.nanoTime();
    service.refresh(job.id(), e -> {});
    double seconds = (System.nanoTime() - start) / 1e9;
    int stored = service.metrics(job.id()).size();
    line(
        row(
            "metric ingestion (" + stored + " lines in one refresh)",
            executor,
            String.format(Locale.ROOT, "%.0f lines/s", stored / seconds)));
  }

  /** Iterations of a Python loop that take about 5 s on one idle core here. */
  private long calibrate() throws Exception {
    long probe = 3_000_000;
    long start = System.nanoTime();
    JobRecord job = service.submit(cpuJob(probe), "local", null, false, e -> {});
    service.await(job.id(), Duration.ofMinutes(2), POLL, e -> {});
    double seconds = (System.nanoTime() - start) / 1e9;
    long iterations = Math.round(probe * 5.0 / Math.max(0.1, seconds));
    line(
        row(
            "calibration: iterations for ~5 s",
            "local",
            iterations + " (probe took " + String.format(Locale.ROOT, "%.2f s", seconds) + ")"));
    return iterations;
  }

  private String batch(String executor, long iterations, boolean sequential) throws Exception {
    long start = System.nanoTime();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String id =
          service
              .submit(cpuJob(iterations), sequential ? "serial" : executor, null, false, e -> {})
              .id();
      if (sequential) {
        service.await(id, Duration.ofMinutes(5), POLL, e -> {});
      }
      ids.add(id);
    }
    for (String id : ids) {
      JobView view = service.await(id, Duration.ofMinutes(10), Duration.ofMillis(100), e -> {});
      if (view.job().state() != JobState.SUCCEEDED) {
        return "failed: " + view.job().state();
      }
    }
    return String.format(Locale.ROOT, "%.1f s wall", (System.nanoTime() - start) / 1e9);
  }

  private static JobSpec cpuJob(long iterations) {
    return JobSpec.of(
        List.of(
            "python3",
            "-c",
            "s = 0\nfor i in range("
                + iterations
                + "):\n    s += i * i\n"
                + "print('MLINTERN_METRIC {\"name\": \"done\", \"value\": 1}')"));
  }

  private static String row(String measure, String executor, String value) {
    return "| " + measure + " | " + executor + " | " + value + " |";
  }

  private void line(String text) {
    report.append(text).append('\n');
    System.err.println(text);
  }
}
