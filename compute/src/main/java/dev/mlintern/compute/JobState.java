package dev.mlintern.compute;

/** Where a job is in its life, the same words on every executor. */
public enum JobState {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  TIMED_OUT,
  /** The executor no longer knows the job and it left no exit status behind. */
  LOST;

  public boolean terminal() {
    return this != QUEUED && this != RUNNING;
  }

  /** Lowercase name, as shown in events and tool output. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
