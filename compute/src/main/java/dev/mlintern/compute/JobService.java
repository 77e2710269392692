package dev.mlintern.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.ledger.JobTable;
import dev.mlintern.compute.ledger.Ledger;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.compute.ledger.RunFacts;
import dev.mlintern.compute.ledger.RunRecord;
import dev.mlintern.compute.ledger.TableJson;
import dev.mlintern.compute.recipes.Preflight;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.tool.UntrustedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The one place jobs are started, watched and settled, whatever runs them. A job is written to the
 * ledger before its executor starts it; every refresh reads new metric lines from its log into the
 * ledger (each line once) and turns them into events; the first refresh that sees it ended records
 * its result and run, exactly once across processes. Ownership: a job with a session id belongs to
 * that session (cancelled when it ends unless detached); a job without one is the user's and is
 * never swept.
 */
public final class JobService {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_LOG_EVENT_LINES = 50;
  private final JobTable jobs;
  private final Ledger ledger;
  private final Map<String, JobExecutor> executors;
  private final Path jobsRoot;
  private final Secrets secrets;
  private final Clock clock;
  private final Sleeper pause;
  private final Preflight preflight;

  public JobService(
      LedgerDb db,
      Map<String, JobExecutor> executors,
      Path jobsRoot,
      Secrets secrets,
      Clock clock,
      Sleeper pause) {
    this(db, executors, jobsRoot, secrets, clock, pause, null);
  }

  /** {@code preflight} null: GPU launches of the LLM recipes are not checked first. */
  public JobService(
      LedgerDb db,
      Map<String, JobExecutor> executors,
      Path jobsRoot,
      Secrets secrets,
      Clock clock,
      Sleeper pause,
      Preflight preflight) {
    this.preflight = preflight;
    this.jobs = new JobTable(db);
    this.ledger = new Ledger(db, clock);
    this.executors = Map.copyOf(executors);
    this.jobsRoot = jobsRoot;
    this.secrets = secrets;
    this.clock = clock;
    this.pause = pause;
  }

  public Ledger ledger() {
    return ledger;
  }

  public JobExecutor executor(String name) {
    JobExecutor executor = executors.get(name);
    if (executor == null) {
      throw new JobException(
          JobException.Kind.INVALID,
          "unknown executor '"
              + name
              + "'; configured executors are: "
              + String.join(", ", executors.keySet()));
    }
    return executor;
  }

  public List<String> executorNames() {
    return List.copyOf(executors.keySet());
  }

  /**
   * Records the job, then starts it; returns at once. {@code sessionId} null makes it the user's
   * job. A GPU launch of an LLM recipe is checked by {@link Preflight} first and refused ({@link
   * JobException}, nothing recorded) when blocked; its verdict is kept as {@code preflight.json} in
   * the job folder.
   */
  public JobRecord submit(
      JobSpec spec,
      String executorName,
      String sessionId,
      boolean detached,
      Consumer<AgentEvent> events) {
    JobExecutor executor = executor(executorName);
    Map<String, String> secretValues = secretValues(spec);
    String id = JobIds.next();
    Path dir = jobsRoot.resolve(id);
    JsonNode verdict = preflight == null ? null : preflight.check(spec, executorName, dir);
    try {
      Files.createDirectories(dir);
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      if (verdict != null) {
        Files.writeString(dir.resolve("preflight.json"), verdict.toPrettyString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> labels = new LinkedHashMap<>(spec.labels());
    if (sessionId != null) {
      labels.put("session", sessionId);
    }
    String workDir = spec.workDir() != null ? spec.workDir() : dir.toString();
    if (spec.network()
        || !executorName.equals("local")
        || UntrustedFiles.of(Path.of(workDir)).any()) {
      labels.put(
          JobRecord.UNTRUSTED_LABEL, executorName.equals("hf-jobs") ? dir.toString() : workDir);
    }
    String outputs = executor.outputsLocation(id);
    if (outputs != null) {
      labels.put(JobRecord.OUTPUTS_LABEL, outputs);
    }
    JobRecord record =
        new JobRecord(
            id,
            executorName,
            null,
            sessionId,
            detached,
            TableJson.write(spec.command()),
            dir,
            JobState.QUEUED,
            null,
            null,
            clock.instant(),
            null,
            labels,
            0,
            false,
            executor.estimateUsd(spec),
            null);
    jobs.insert(record, TableJson.write(TableJson.spec(spec)));
    String nativeId;
    try {
      nativeId = executor.submit(new Submission(id, spec.withLabels(labels), dir, secretValues));
    } catch (RuntimeException e) {
      ledger.finishJob(
          id, JobState.FAILED, null, "submit failed: " + e.getMessage(), clock.instant(), null);
      throw e;
    }
    jobs.setNativeId(id, nativeId);
    events.accept(
        new AgentEvent.JobSubmitted(
            id, executorName, nativeId, secrets.redact(String.join(" ", spec.command())), labels));
    return jobs.require(id);
  }

  /** What submitting {@code spec} to {@code executorName} would send, without starting anything. */
  public String preview(JobSpec spec, String executorName) {
    return executor(executorName)
        .preview(
            new Submission("j-dry-run", spec, jobsRoot.resolve("j-dry-run"), secretValues(spec)));
  }

  /**
   * Brings a remote job's kept outputs to {@code to} (null: its local job folder, where {@code
   * status} then finds its result); returns the files written.
   */
  public List<Path> fetchOutputs(String id, Path to) {
    JobRecord job = jobs.require(id);
    return executor(job.executor()).fetchOutputs(id, to != null ? to : job.outputDir());
  }

  private Map<String, String> secretValues(JobSpec spec) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : spec.secrets()) {
      values.put(
          name,
          secrets
              .value(name)
              .orElseThrow(
                  () ->
                      new JobException(
                          JobException.Kind.INVALID,
                          "secret "
                              + name
                              + " is not set; set it in the environment or config, or drop it from the job's secrets")));
    }
    return values;
  }

  /**
   * Asks the executor where the job is, ingests new metrics, keeps its actual cost so far (where
   * the executor tells it) and settles it if it ended — its run then records the actual cost, else
   * the estimate.
   */
  public JobView refresh(String id, Consumer<AgentEvent> events) {
    JobRecord job = jobs.require(id);
    if (job.recorded()) {
      return view(job, null);
    }
    JobExecutor executor = executor(job.executor());
    NativeStatus status = executor.status(job.nativeId(), job.outputDir());
    executor.fetchLog(job.nativeId(), job.outputDir());
    ingest(job, events);
    if (status.costUsd() != null) {
      jobs.setCost(id, status.costUsd());
      job = jobs.require(id);
    }
    if (!status.state().terminal()) {
      if (status.state() != job.state()) {
        jobs.setState(id, status.state(), null, status.message(), null);
        events.accept(new AgentEvent.JobStatus(id, status.state().label(), null, status.message()));
      }
      return view(jobs.require(id), null);
    }
    executor.fetchResult(id, job.outputDir());
    JsonNode result = RunFacts.readResult(job.outputDir());
    List<String> command = TableJson.readList(job.command());
    Instant ended = status.endedAt() != null ? status.endedAt() : clock.instant();
    String message = status.message();
    if (result != null && result.path("error").isObject()) {
      message =
          result.get("error").path("kind").asText("error")
              + ": "
              + result.get("error").path("message").asText("");
    }
    RunRecord run = RunFacts.run(job, status.state(), result, latestList(id), command);
    if (ledger.finishJob(id, status.state(), status.exitCode(), message, ended, run)) {
      markWhatItWrote(job);
      events.accept(
          new AgentEvent.JobStatus(id, status.state().label(), status.exitCode(), message));
    }
    return view(jobs.require(id), result);
  }

  public LogChunk logs(String id, LogQuery query) {
    JobRecord job = jobs.require(id);
    if (!job.recorded()) {
      executor(job.executor()).fetchLog(job.nativeId(), job.outputDir());
    }
    LogChunk chunk = LogReader.read(job.log(), query);
    List<String> redacted = chunk.lines().stream().map(secrets::redact).toList();
    return new LogChunk(redacted, chunk.nextOffset(), chunk.truncated());
  }

  /** Polls until the job ends or {@code max} passes; returns its view either way. */
  public JobView await(String id, Duration max, Duration every, Consumer<AgentEvent> events)
      throws InterruptedException {
    Instant deadline = clock.instant().plus(max);
    JobView view = refresh(id, events);
    while (!view.job().state().terminal() && clock.instant().isBefore(deadline)) {
      pause.sleep(every);
      view = refresh(id, events);
    }
    return view;
  }

  public JobView cancel(String id, Consumer<AgentEvent> events) {
    JobRecord job = jobs.require(id);
    if (!job.recorded()) {
      executor(job.executor()).cancel(job.nativeId(), job.outputDir());
    }
    JobView view = refresh(id, events);
    if (!view.job().state().terminal()) {
      markWhatItWrote(view.job());
      ledger.finishJob(
          id,
          JobState.CANCELLED,
          null,
          "cancelled",
          clock.instant(),
          RunFacts.run(
              view.job(),
              JobState.CANCELLED,
              null,
              latestList(id),
              TableJson.readList(job.command())));
      events.accept(new AgentEvent.JobStatus(id, JobState.CANCELLED.label(), null, "cancelled"));
      view = view(jobs.require(id), null);
    }
    return view;
  }

  /** An untrusted job's changes to its working folder are marked as from outside, once it ended. */
  private static void markWhatItWrote(JobRecord job) {
    if (job.untrusted()) {
      UntrustedFiles.of(Path.of(job.labels().get(JobRecord.UNTRUSTED_LABEL)))
          .markChangedSince(job.submittedAt());
    }
  }

  public void detach(String id) {
    jobs.setDetached(id, true);
  }

  public JobRecord job(String id) {
    return jobs.require(id);
  }

  /**
   * The job when {@code sessionId} may see and cancel it: its own, or the user's (submitted from
   * the command line); another session's job is NOT_FOUND, as if it did not exist.
   */
  public JobRecord jobOf(String sessionId, String id) {
    JobRecord job = jobs.require(id);
    if (job.sessionId() != null && !job.sessionId().equals(sessionId)) {
      throw new JobException(JobException.Kind.NOT_FOUND, "no job " + id);
    }
    return job;
  }

  public List<JobRecord> list(String sessionId, int limit) {
    return jobs.list(sessionId, limit);
  }

  public List<MetricPoint> metrics(String id) {
    return jobs.metrics(id);
  }

  /**
   * Recovery on start: settles every job that ended while no one watched (each result recorded
   * once), then cancels the unfinished, non-detached jobs of sessions that are no longer running.
   * User jobs and live sessions are left alone. Returns the ids it cancelled.
   */
  public List<String> sweep(Predicate<String> sessionRunning, Consumer<AgentEvent> events) {
    List<String> cancelled = new ArrayList<>();
    for (JobRecord job : jobs.unfinished()) {
      JobView view = refresh(job.id(), events);
      JobRecord now = view.job();
      if (!now.state().terminal()
          && now.sessionId() != null
          && !now.detached()
          && !sessionRunning.test(now.sessionId())) {
        cancel(now.id(), events);
        cancelled.add(now.id());
      }
    }
    return cancelled;
  }

  /**
   * Cancels the session's unfinished jobs that were not detached; called when a session ends or is
   * interrupted.
   */
  public List<String> endSession(String sessionId, Consumer<AgentEvent> events) {
    List<String> cancelled = new ArrayList<>();
    for (JobRecord job : jobs.unfinished()) {
      if (sessionId.equals(job.sessionId()) && !job.detached()) {
        cancel(job.id(), events);
        cancelled.add(job.id());
      }
    }
    return cancelled;
  }

  /**
   * Reads complete new lines from the log: metrics go to the ledger (each once) and out as events.
   */
  private void ingest(JobRecord job, Consumer<AgentEvent> events) {
    LogChunk chunk =
        LogReader.read(job.log(), new LogQuery(null, job.logOffset(), null, Integer.MAX_VALUE));
    if (chunk.nextOffset() == job.logOffset()) {
      return;
    }
    List<MetricPoint> points = new ArrayList<>();
    List<String> plain = new ArrayList<>();
    for (String line : chunk.lines()) {
      MetricsProtocol.metric(line)
          .ifPresentOrElse(
              points::add,
              () -> {
                if (!line.contains(MetricsProtocol.RESULT) && plain.size() < MAX_LOG_EVENT_LINES) {
                  plain.add(secrets.redact(line));
                }
              });
    }
    if (jobs.ingest(job.id(), job.logOffset(), chunk.nextOffset(), points)) {
      for (MetricPoint p : points) {
        events.accept(
            new AgentEvent.Metric(job.id(), p.name(), p.jsonValue(), p.step(), p.split()));
      }
      if (!plain.isEmpty()) {
        events.accept(new AgentEvent.JobLog(job.id(), plain));
      }
    }
  }

  private List<MetricPoint> latestList(String id) {
    return List.copyOf(latest(id).values());
  }

  private Map<String, MetricPoint> latest(String id) {
    Map<String, MetricPoint> latest = new LinkedHashMap<>();
    for (MetricPoint p : jobs.metrics(id)) {
      latest.put(p.name(), p);
    }
    return latest;
  }

  private JobView view(JobRecord job, JsonNode result) {
    if (result == null && job.state().terminal()) {
      result = RunFacts.readResult(job.outputDir());
    }
    return new JobView(job, latest(job.id()), result);
  }
}
