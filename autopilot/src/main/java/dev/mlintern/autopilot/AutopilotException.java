package dev.mlintern.autopilot;

/**
 * The autopilot module's one failure family: a bench task or a submission that cannot be used (the
 * message says what is wrong and how to fix it), or a run that could not finish.
 */
public class AutopilotException extends RuntimeException {
  /** Why it failed, so commands can map it to an exit code. */
  public enum Kind {
    BAD_TASK,
    BAD_SUBMISSION,
    RUN_FAILED
  }

  private final Kind kind;

  public AutopilotException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public AutopilotException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }
}
