package dev.mlintern.research;

import dev.mlintern.core.command.CommandFailure;
import dev.mlintern.core.tool.ToolException;

/**
 * The research module's one exception family: a paper source refused, could not find, or could not
 * be reached for what was asked. It is a {@link ToolException}, so its message is written for the
 * model and says what to try next; the {@link Kind} lets CLI commands and the autopilot react
 * without parsing text.
 */
public class ResearchException extends ToolException implements CommandFailure {
  /** Why the request failed. */
  public enum Kind {
    /** The id or query is malformed; the caller must fix it. */
    BAD_REQUEST,
    /** The source has no such paper. */
    NOT_FOUND,
    /** The source kept answering 429 after the backoff ran out. */
    RATE_LIMITED,
    /** The source could not be reached or kept failing, and no cached answer exists. */
    UNAVAILABLE,
    /** The document exists but holds no readable text (corrupt PDF, empty HTML, …). */
    BAD_DOCUMENT
  }

  private final Kind kind;

  public ResearchException(Kind kind, String messageForModel) {
    super(messageForModel);
    this.kind = kind;
  }

  public ResearchException(Kind kind, String messageForModel, Throwable cause) {
    super(messageForModel, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  /** A command that throws it exits 2 for a malformed id or query, else 1. */
  @Override
  public int exitCode() {
    return kind == Kind.BAD_REQUEST ? 2 : 1;
  }
}
