package dev.mlintern.web;

import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.ledger.JobTable;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.core.secret.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The global jobs page over a ledger of 10,000 jobs (a separate command, never a test): server time
 * to answer the first page, a filtered page and a deep page. Prints a Markdown table for
 * docs/benchmarks/web.md.
 *
 * <pre>
 * mvn -q -o -pl web test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.mlintern.web.JobsPageBenchmark
 * </pre>
 */
public final class JobsPageBenchmark {
  private static final int JOBS = 10_000;
  private static final List<String> EXECUTORS = List.of("local", "slurm", "hf");
  private static final List<JobState> STATES =
      List.of(JobState.SUCCEEDED, JobState.FAILED, JobState.CANCELLED, JobState.RUNNING);

  public static void main(String[] args) throws Exception {
    Path home = Files.createTempDirectory("mlintern-jobs-bench");
    try (LedgerDb db = LedgerDb.open(home);
        StoreEngine engine = new StoreEngine(home, Secrets.none())) {
      JobTable jobs = new JobTable(db);
      Instant start = Instant.now().minusSeconds(JOBS * 60L);
      long fill = System.nanoTime();
      for (int i = 0; i < JOBS; i++) {
        Instant at = start.plusSeconds(i * 60L);
        jobs.insert(
            new JobRecord(
                String.format(Locale.ROOT, "j-bench%06d", i),
                EXECUTORS.get(i % EXECUTORS.size()),
                null,
                i % 2 == 0 ? null : "s-" + (i % 50),
                i % 2 == 0,
                "python train.py --seed " + i,
                home.resolve("jobs").resolve("j" + i),
                STATES.get(i % STATES.size()),
                0,
                null,
                at,
                at.plusSeconds(42),
                Map.of(),
                0,
                false,
                0,
                null),
            "{}");
      }
      System.err.printf(
          Locale.ROOT, "filled %d jobs in %.1f s%n", JOBS, (System.nanoTime() - fill) / 1e9);
      try (WebServer server = PageTimes.serve(engine, db)) {
        List<String> rows =
            PageTimes.gets(
                server,
                JOBS + " jobs",
                List.of(
                    "/jobs",
                    "/jobs?state=failed&executor=slurm",
                    "/jobs?session=cli",
                    "/jobs?offset=" + (JOBS - 50)));
        PageTimes.print(rows);
      }
    }
  }
}
