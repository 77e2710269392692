package dev.mlintern.data;

import dev.mlintern.core.command.CommandFailure;

/**
 * The one exception family of the data module, named by cause: the Hub or dataset viewer refused or
 * failed ({@link Kind#NOT_FOUND}, {@link Kind#GATED}, {@link Kind#RATE_LIMITED}, …) or a local file
 * cannot be read as a dataset ({@link Kind#BAD_INPUT}, with the file, row or column in the
 * message). Messages are written for a person or a model and never carry a token or a stack trace;
 * tools turn them into {@code ToolException}s and commands print them on stderr.
 */
public class DataException extends RuntimeException implements CommandFailure {
  /** Why the call failed; decides whether a retry can help and what the user should do next. */
  public enum Kind {
    /** A bad or missing token ({@code 401 Invalid credentials}). */
    UNAUTHORIZED,
    /** The repo, revision, file or dataset does not exist or is private. */
    NOT_FOUND,
    /** The repo is gated and this token has no access (401 anonymous or 403). */
    GATED,
    /** Still 429 after the retries. */
    RATE_LIMITED,
    /** Still 5xx after the retries, or the connection kept failing. */
    SERVER,
    /** The dataset viewer has not computed this response yet. */
    NOT_READY,
    /** The dataset viewer will not serve this dataset (501). */
    BLOCKED,
    /** The request itself was wrong (400, 422). */
    BAD_REQUEST,
    /** The repo already exists (409) where that matters. */
    CONFLICT,
    /** A file is too large to commit inline. */
    TOO_LARGE,
    /** A download did not match its checksum. */
    CHECKSUM,
    /** A local file is not a readable dataset (malformed row, invalid UTF-8, truncated, empty). */
    BAD_INPUT,
    /** The work ran but left nothing usable (every generated item was filtered out). */
    NOTHING_KEPT
  }

  private final Kind kind;
  private final int status;

  public DataException(Kind kind, String message) {
    this(kind, 0, message);
  }

  public DataException(Kind kind, int status, String message) {
    super(message);
    this.kind = kind;
    this.status = status;
  }

  public Kind kind() {
    return kind;
  }

  /** 2 when the person's input was wrong (a file, a column, a request), 1 when the work failed. */
  @Override
  public int exitCode() {
    return kind == Kind.BAD_INPUT || kind == Kind.BAD_REQUEST ? 2 : 1;
  }

  /** HTTP status of the failed response, 0 when there was none. */
  public int status() {
    return status;
  }
}
