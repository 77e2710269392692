package dev.mlintern.compute;

import java.util.List;

/**
 * Runs jobs somewhere: this machine, a Slurm cluster, HF Jobs. Submission returns at once with the
 * executor's native id; everything after that is polled by native id, so a later process (another
 * CLI call, a restarted agent) can pick a job up again. The executor writes the job's combined
 * output to {@code outputDir/stdout.log} (remote executors: mirror it there on {@link #fetchLog}),
 * which the {@link JobService} reads for metrics.
 */
public interface JobExecutor {
  /**
   * Short name used in config, ledger and events: {@code local}, {@code slurm}, {@code hf-jobs}.
   */
  String name();

  /** Starts the job and returns its native id; never waits for it to run. */
  String submit(Submission submission);

  NativeStatus status(String nativeId, java.nio.file.Path outputDir);

  /**
   * Brings the job's log up to date in {@code outputDir/stdout.log}; a no-op where the executor
   * writes it there.
   */
  default void fetchLog(String nativeId, java.nio.file.Path outputDir) {}

  /** Stops the job and everything it started; a no-op for a job that already ended. */
  void cancel(String nativeId, java.nio.file.Path outputDir);

  /**
   * Native ids of jobs the backend knows that carry our label (best effort; used to find strays).
   */
  default List<String> listNative() {
    return List.of();
  }

  /** Estimated USD for this spec; 0 where running costs nothing. */
  default double estimateUsd(JobSpec spec) {
    return 0;
  }

  /** Hardware flavors this executor offers, with prices; empty where there is no choice. */
  default List<Flavor> flavors() {
    return List.of();
  }

  /** True when running this spec spends money (the policy then asks first). */
  default boolean spendsMoney(JobSpec spec) {
    return false;
  }

  /**
   * What submitting would send and where, for a dry run ({@code jobs submit --dry-run}); nothing is
   * started or uploaded.
   */
  default String preview(Submission submission) {
    JobSpec spec = submission.spec();
    return name()
        + " runs in "
        + (spec.workDir() != null ? spec.workDir() : submission.outputDir())
        + ": "
        + String.join(" ", spec.command())
        + "\n";
  }

  /**
   * Where job {@code jobId}'s outputs are kept after it ends, e.g. {@code
   * hf://owner/repo/outputs/ID}; null where they are written straight to its local job folder.
   */
  default String outputsLocation(String jobId) {
    return null;
  }

  /**
   * Brings an ended job's {@code result.json} into {@code outputDir} where the executor keeps it
   * elsewhere, so its run is recorded with it; a no-op where the job wrote it there itself, and
   * when it left none.
   */
  default void fetchResult(String jobId, java.nio.file.Path outputDir) {}

  /** Downloads job {@code jobId}'s kept outputs into {@code to}; returns the files written. */
  default List<java.nio.file.Path> fetchOutputs(String jobId, java.nio.file.Path to) {
    throw new JobException(
        JobException.Kind.INVALID,
        name()
            + " jobs write their outputs straight to their job folder; there is nothing to fetch");
  }
}
