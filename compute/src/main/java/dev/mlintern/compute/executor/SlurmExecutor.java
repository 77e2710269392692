package dev.mlintern.compute.executor;

import dev.mlintern.compute.JobException;
import dev.mlintern.compute.JobExecutor;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.NativeStatus;
import dev.mlintern.compute.Submission;
import dev.mlintern.compute.shipping.SharedStorage;
import dev.mlintern.core.Sleeper;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs jobs on a Slurm cluster through {@code sbatch}/{@code squeue}/{@code scontrol}/{@code
 * scancel}. The batch script is the same wrapper as local jobs, so the job's exit code, end time
 * and timeout are written into its output folder (which must be on a filesystem the nodes share)
 * even when Slurm accounting is off; Slurm's own view is used only while the job is queued or when
 * it died without running the wrapper. Partition, account, QOS and extra sbatch options come from
 * the config file ({@code slurm.partition}, {@code slurm.account}, {@code slurm.qos}, {@code
 * slurm.extra}). The nodes must see the work dir and the job folder (shared storage); a submission
 * they could not see is refused first (see {@link SharedStorage}).
 */
public final class SlurmExecutor implements JobExecutor {
  /**
   * Cluster settings from the config file; null fields are left to Slurm's defaults. {@code
   * sharedPaths}: folders the nodes share with this machine ({@code slurm.shared_paths}).
   */
  public record Options(
      String partition, String account, String qos, List<String> extra, List<Path> sharedPaths) {
    public Options {
      extra = extra == null ? List.of() : List.copyOf(extra);
      sharedPaths = sharedPaths == null ? List.of() : List.copyOf(sharedPaths);
    }
  }

  private final Path jobsRoot;
  private final Options options;
  private final Map<String, String> baseEnvironment;
  private final PythonResolver python;
  private final Clock clock;
  private final Sleeper pause;

  public SlurmExecutor(
      Path jobsRoot,
      Options options,
      Map<String, String> baseEnvironment,
      PythonResolver python,
      Clock clock,
      Sleeper pause) {
    this.pause = pause;
    this.jobsRoot = jobsRoot;
    this.options = options;
    this.baseEnvironment = Map.copyOf(baseEnvironment);
    this.python = python;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "slurm";
  }

  /** True when a controller answers {@code scontrol ping}. */
  public static boolean available() {
    ShortCommand.Output ping = ShortCommand.run(List.of("scontrol", "ping"), null);
    return ping.ok() && ping.stdout().contains("UP");
  }

  @Override
  public String submit(Submission submission) {
    JobSpec spec = submission.spec();
    Path dir = submission.outputDir();
    List<String> nodes = nodes();
    SharedStorage storage = new SharedStorage(options.sharedPaths(), thisHost());
    storage.check(spec.workDir() != null ? Path.of(spec.workDir()) : dir, "work dir", nodes);
    storage.check(dir, "job folder", nodes);
    Path script = WrapperFolder.installScript(jobsRoot);
    List<String> command =
        new ArrayList<>(
            List.of(
                "sbatch",
                "--parsable",
                "--job-name=mlintern-" + submission.jobId(),
                "--output=" + dir.resolve("slurm.out"),
                "--chdir=" + dir,
                "--export=ALL",
                "--cpus-per-task=" + Math.max(1, spec.resources().cpus())));
    if (spec.resources().memoryMb() > 0) {
      command.add("--mem=" + spec.resources().memoryMb() + "M");
    }
    if (spec.resources().gpus() > 0) {
      command.add("--gres=gpu:" + spec.resources().gpus());
    }
    if (spec.timeout() != null) {
      command.add("--time=" + (spec.timeout().toMinutes() + 2));
    }
    addIfSet(command, "--partition=", options.partition());
    addIfSet(command, "--account=", options.account());
    addIfSet(command, "--qos=", options.qos());
    command.addAll(options.extra());
    command.addAll(
        List.of(
            script.toString(),
            dir.toString(),
            spec.workDir() != null ? spec.workDir() : dir.toString(),
            String.valueOf(spec.timeout() == null ? 0 : Math.max(1, spec.timeout().toSeconds())),
            "0",
            "-"));
    command.addAll(python.rewrite(spec.command()));
    ShortCommand.Output out =
        ShortCommand.run(command, JobEnvironment.scrubbed(baseEnvironment, submission));
    if (out.exitCode() == 127) {
      throw new JobException(
          JobException.Kind.UNAVAILABLE,
          "sbatch is not installed here; use the local executor, or install Slurm (scripts/slurm-up.sh starts one)");
    }
    if (!out.ok()) {
      throw new JobException(JobException.Kind.BACKEND, "sbatch refused the job: " + out.stdout());
    }
    String id = out.stdout().lines().reduce((a, b) -> b).orElse("").split(";")[0].strip();
    if (!id.matches("\\d+(_\\d+)?")) {
      throw new JobException(
          JobException.Kind.BACKEND, "sbatch printed no job id: " + out.stdout());
    }
    return id;
  }

  /** Host names of the nodes jobs may run on (the partition's, if one is set); empty if unknown. */
  private List<String> nodes() {
    List<String> command = new ArrayList<>(List.of("sinfo", "-h", "-N", "-o", "%n"));
    if (options.partition() != null) {
      command.addAll(List.of("-p", options.partition()));
    }
    ShortCommand.Output out = ShortCommand.run(command, null);
    return out.ok()
        ? out.stdout().lines().map(String::strip).filter(l -> !l.isEmpty()).distinct().toList()
        : List.of();
  }

  private static String thisHost() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }

  @Override
  public NativeStatus status(String nativeId, Path outputDir) {
    WrapperFolder folder = new WrapperFolder(outputDir);
    if (folder.ended() || nativeId == null) {
      return folder.status();
    }
    String slurmState = slurmState(nativeId);
    switch (slurmState) {
      case "PENDING", "CONFIGURING", "REQUEUED", "RESIZING", "SUSPENDED":
        return NativeStatus.of(JobState.QUEUED);
      case "RUNNING", "COMPLETING", "STAGE_OUT", "SIGNALING":
        return folder.status().state() == JobState.QUEUED
            ? new NativeStatus(JobState.RUNNING, null, null, null, null)
            : folder.status();
      default:
        break;
    }
    if (folder.ended()) {
      return folder.status();
    }
    if (slurmState.isEmpty()
        && Duration.between(lastModified(outputDir), clock.instant()).toSeconds() < 30) {
      return folder.status();
    }
    // Slurm ended the job without the wrapper recording it (cancelled while pending, node failure,
    // Slurm's own limit).
    folder.settle(folder.cancelled() ? 130 : 255, clock.instant());
    NativeStatus settled = folder.status();
    JobState state =
        switch (slurmState) {
          case "CANCELLED" -> JobState.CANCELLED;
          case "TIMEOUT", "DEADLINE" -> JobState.TIMED_OUT;
          case "COMPLETED" -> JobState.SUCCEEDED;
          case "" -> folder.cancelled() ? JobState.CANCELLED : JobState.LOST;
          default -> folder.cancelled() ? JobState.CANCELLED : JobState.FAILED;
        };
    return new NativeStatus(
        state,
        settled.exitCode(),
        "slurm state " + (slurmState.isEmpty() ? "unknown" : slurmState),
        settled.startedAt(),
        settled.endedAt());
  }

  @Override
  public void cancel(String nativeId, Path outputDir) {
    WrapperFolder folder = new WrapperFolder(outputDir);
    if (folder.ended() || nativeId == null) {
      return;
    }
    folder.markCancelled();
    // Only the wrapper is signalled: it sees the cancelled marker and kills the job's process group
    // at once. A plain scancel would signal every process of the job one by one, so a script could
    // run its next line between its child's death and its own. A job still queued has no wrapper
    // yet and is cancelled by Slurm alone.
    ShortCommand.Output out =
        ShortCommand.run(List.of("scancel", "--batch", "--signal=TERM", nativeId), null);
    if (!out.ok()) {
      out = ShortCommand.run(List.of("scancel", nativeId), null);
    }
    if (!out.ok()
        && !out.stdout().contains("already completing or completed")
        && !out.stdout().contains("Invalid job id")) {
      throw new JobException(
          JobException.Kind.BACKEND, "scancel " + nativeId + " failed: " + out.stdout());
    }
    try {
      for (int i = 0;
          i < 100
              && !folder.ended()
              && !slurmState(nativeId).matches("|CANCELLED|COMPLETED|FAILED");
          i++) {
        pause.sleep(Duration.ofMillis(100));
      }
      if (!folder.ended() && !slurmState(nativeId).matches("|CANCELLED|COMPLETED|FAILED")) {
        ShortCommand.run(List.of("scancel", nativeId), null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The job's state from squeue, then scontrol; empty when Slurm no longer knows the job. */
  private static String slurmState(String nativeId) {
    ShortCommand.Output queue =
        ShortCommand.run(List.of("squeue", "-h", "-j", nativeId, "-o", "%T"), null);
    if (queue.ok() && !queue.stdout().isBlank()) {
      return queue.stdout().lines().findFirst().orElse("").strip();
    }
    ShortCommand.Output show =
        ShortCommand.run(List.of("scontrol", "-o", "show", "job", nativeId), null);
    if (show.ok()) {
      for (String field : show.stdout().split("\\s+")) {
        if (field.startsWith("JobState=")) {
          return field.substring("JobState=".length());
        }
      }
    }
    return "";
  }

  private static void addIfSet(List<String> command, String flag, String value) {
    if (value != null && !value.isBlank()) {
      command.add(flag + value);
    }
  }

  private static java.time.Instant lastModified(Path dir) {
    try {
      return java.nio.file.Files.getLastModifiedTime(dir).toInstant();
    } catch (java.io.IOException e) {
      return java.time.Instant.EPOCH;
    }
  }
}
