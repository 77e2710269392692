package dev.mlintern.compute;

import dev.mlintern.core.command.CommandFailure;

/**
 * The compute module's one failure family: an executor, the ledger or a recipe runner could not do
 * what was asked. {@link Kind} names the cause so tools can turn user-fixable ones into actionable
 * messages for the model.
 */
public class JobException extends RuntimeException implements CommandFailure {
  /** Why a compute operation failed. */
  public enum Kind {
    /** The job id is not known to this executor or ledger. */
    NOT_FOUND,
    /** The request cannot be satisfied as given (no GPU here, unknown flavor, bad timeout). */
    INVALID,
    /** The executor's backend (process spawn, sbatch, HTTP API) refused or failed. */
    BACKEND,
    /** The backend is not reachable or not installed. */
    UNAVAILABLE
  }

  private final Kind kind;

  public JobException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public JobException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** A command that throws it exits 2 for a request that cannot be satisfied as given, else 1. */
  @Override
  public int exitCode() {
    return kind == Kind.INVALID ? 2 : 1;
  }
}
