package dev.mlintern.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobService;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.JobView;
import dev.mlintern.compute.executor.LocalExecutor;
import dev.mlintern.compute.executor.PythonResolver;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.builtin.Sandbox;
import dev.mlintern.core.secret.Secrets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * compute's real job service over a ledger in {@code home} with the local executor, submitting as
 * {@code mlintern jobs submit} does: no session, detached.
 */
record CliJobs(LedgerDb db, JobService service) implements AutoCloseable {
  static CliJobs open(Path home, Secrets secrets) {
    LedgerDb db = LedgerDb.open(home);
    LocalExecutor local =
        new LocalExecutor(
            home.resolve("jobs"),
            2,
            Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", home.toString()),
            new PythonResolver(null, "/usr/bin:/bin", List.of("json")),
            List::of,
            Clock.systemUTC(),
            Sleeper.SYSTEM,
            Sandbox.detect(List.of(home), List.of()));
    JobService service =
        new JobService(
            db,
            Map.of(local.name(), local),
            home.resolve("jobs"),
            secrets,
            Clock.systemUTC(),
            Sleeper.SYSTEM);
    return new CliJobs(db, service);
  }

  /** Runs {@code script} under {@code sh -c} with no session and waits for it to end. */
  JobRecord runToEnd(String script) throws InterruptedException {
    return runToEnd(null, script);
  }

  /** Runs {@code script} for {@code session} (null: none) and waits for it to end. */
  JobRecord runToEnd(String session, String script) throws InterruptedException {
    JobRecord job =
        service.submit(
            JobSpec.of(List.of("sh", "-c", script)), "local", session, session == null, e -> {});
    JobView view = service.await(job.id(), Duration.ofSeconds(60), Duration.ofMillis(100), e -> {});
    if (!view.job().state().terminal()) {
      throw new IllegalStateException("job " + job.id() + " did not end: " + view.job().state());
    }
    return service.job(job.id());
  }

  /**
   * Runs {@code script} with {@code config} as a run of {@code experiment}, as {@code jobs submit
   * --experiment --config} does, and waits for it to end.
   */
  JobRecord runInExperiment(String experiment, JsonNode config, String script)
      throws InterruptedException {
    JobRecord job =
        service.submit(
            JobSpec.of(List.of("sh", "-c", script))
                .withConfig(config)
                .withLabels(Map.of("experiment", experiment)),
            "local",
            null,
            true,
            e -> {});
    service.await(job.id(), Duration.ofSeconds(60), Duration.ofMillis(100), e -> {});
    return service.job(job.id());
  }

  @Override
  public void close() {
    db.close();
  }
}
