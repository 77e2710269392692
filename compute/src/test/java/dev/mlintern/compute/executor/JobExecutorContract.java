package dev.mlintern.compute.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobService;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.JobView;
import dev.mlintern.compute.LogQuery;
import dev.mlintern.compute.ledger.RunRecord;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.event.AgentEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The contract every executor passes: submit returns at once; status, logs and metrics follow the
 * job; cancel stops it and everything it started; a failing job fails with its exit code; a job
 * past its timeout is stopped as timed out; results land in the ledger once. Subclasses supply the
 * service wired to their executor.
 */
abstract class JobExecutorContract {
  protected final List<AgentEvent> events = new CopyOnWriteArrayList<>();

  protected abstract JobService service();

  protected abstract String executorName();

  /** Asserts nothing of the job is still running on the backend after it ended. */
  protected abstract void assertNothingLeft(JobRecord job);

  /** False for backends that report only success or failure (HF Jobs has no exit code). */
  protected boolean reportsExitCodes() {
    return true;
  }

  /** Cancels whatever a test left running; subclasses call it before closing their ledger. */
  protected void cancelAll() {
    for (JobRecord job : service().list(null, 100)) {
      service().cancel(job.id(), e -> {});
    }
  }

  protected Duration patience() {
    return Duration.ofSeconds(60);
  }

  protected JobSpec shell(String script) {
    return JobSpec.of(List.of("bash", "-c", script)).withLabels(Map.of("experiment", "contract"));
  }

  private JobView awaitEnd(String id) throws InterruptedException {
    return service().await(id, patience(), Duration.ofMillis(200), events::add);
  }

  private JobView awaitMetric(String id, String name) throws InterruptedException {
    long deadline = System.nanoTime() + patience().toNanos();
    JobView view = service().refresh(id, events::add);
    while (!view.latest().containsKey(name) && System.nanoTime() < deadline) {
      Sleeper.SYSTEM.sleep(Duration.ofMillis(200));
      view = service().refresh(id, events::add);
    }
    return view;
  }

  @Test
  void submitStatusLogsMetricsCancelCleanup() throws Exception {
    long before = System.nanoTime();
    JobRecord job =
        service()
            .submit(
                shell(
                    "echo starting; echo 'MLINTERN_METRIC {\"name\": \"loss\", \"value\": 0.5, \"step\": 1, \"split\": \"train\"}';"
                        + " sleep 300 & sleep 300; echo never"),
                executorName(),
                null,
                false,
                events::add);
    assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(10));
    assertThat(job.id()).matches("j-[a-z2-7]{12}");
    assertThat(job.nativeId()).isNotBlank();
    assertThat(events).anySatisfy(e -> assertThat(e).isInstanceOf(AgentEvent.JobSubmitted.class));

    JobView running = awaitMetric(job.id(), "loss");
    assertThat(running.job().state()).isEqualTo(JobState.RUNNING);
    assertThat(running.latest().get("loss").value()).isEqualTo(0.5);
    assertThat(running.latest().get("loss").step()).isEqualTo(1L);
    assertThat(service().logs(job.id(), LogQuery.tail(10)).lines()).contains("starting");
    assertThat(events)
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        AgentEvent.Metric.class, m -> assertThat(m.name()).isEqualTo("loss")));

    JobView cancelled = service().cancel(job.id(), events::add);
    assertThat(cancelled.job().state()).isEqualTo(JobState.CANCELLED);
    assertNothingLeft(cancelled.job());
    assertThat(service().logs(job.id(), LogQuery.tail(10)).lines()).doesNotContain("never");
    assertThat(service().list(null, 10)).extracting(JobRecord::id).contains(job.id());
  }

  @Test
  void aSucceedingJobRecordsItsResultOnce() throws Exception {
    JobRecord job =
        service()
            .submit(
                shell(
                    "for i in 1 2 3; do echo \"MLINTERN_METRIC {\\\"name\\\": \\\"val_accuracy\\\", \\\"value\\\": 0.$i, \\\"step\\\": $i}\"; done;"
                        + " echo 'MLINTERN_METRIC {\"name\": \"loss\", \"value\": \"NaN\"}';"
                        + " echo 'MLINTERN_RESULT {\"status\": \"ok\", \"metrics\": {\"val_accuracy\": 0.3}, \"artifacts\": {\"model\": \"model.bin\"}}'"),
                executorName(),
                null,
                false,
                events::add);
    JobView done = awaitEnd(job.id());
    assertThat(done.job().state()).isEqualTo(JobState.SUCCEEDED);
    if (reportsExitCodes()) {
      assertThat(done.job().exitCode()).isZero();
    }
    assertThat(done.result().path("artifacts").path("model").asText()).isEqualTo("model.bin");
    assertThat(service().metrics(job.id())).hasSize(4);
    assertThat(Double.isNaN(done.latest().get("loss").value())).isTrue();
    service().refresh(job.id(), events::add);
    RunRecord run = service().ledger().requireRun(job.id());
    assertThat(run.metric("val_accuracy")).isEqualTo(0.3);
    assertThat(run.executor()).isEqualTo(executorName());
    assertThat(service().ledger().runs("contract"))
        .filteredOn(r -> job.id().equals(r.jobId()))
        .hasSize(1);
    assertThat(events)
        .filteredOn(
            e ->
                e instanceof AgentEvent.JobStatus s
                    && s.jobId().equals(job.id())
                    && s.state().equals("succeeded"))
        .hasSize(1);
  }

  @Test
  void aFailingJobFailsWithItsExitCode() throws Exception {
    JobRecord job =
        service()
            .submit(
                shell("echo 'Traceback: boom' >&2; exit 3"),
                executorName(),
                null,
                false,
                events::add);
    JobView done = awaitEnd(job.id());
    assertThat(done.job().state()).isEqualTo(JobState.FAILED);
    if (reportsExitCodes()) {
      assertThat(done.job().exitCode()).isEqualTo(3);
    }
    assertThat(service().logs(job.id(), new LogQuery(null, null, "boom", 1000)).lines()).hasSize(1);
    assertThat(service().ledger().requireRun(job.id()).status()).isEqualTo("failed");
  }

  @Test
  void aJobPastItsTimeoutIsStoppedAsTimedOut() throws Exception {
    JobRecord job =
        service()
            .submit(
                shell("echo begun; sleep 300 & sleep 300").withTimeout(Duration.ofSeconds(2)),
                executorName(),
                null,
                false,
                events::add);
    JobView done = awaitEnd(job.id());
    assertThat(done.job().state()).isEqualTo(JobState.TIMED_OUT);
    assertNothingLeft(done.job());
  }
}
