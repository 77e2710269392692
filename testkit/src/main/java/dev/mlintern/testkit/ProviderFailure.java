package dev.mlintern.testkit;

import dev.mlintern.core.model.ModelException;

/**
 * Failures a fake provider server can inject, each rendered in the provider's real error format,
 * with the {@link ModelException.Kind} an adapter must map it to. The retryable ones ({@link
 * #retryable()}) are what a fault-injection run sprinkles over a session.
 */
public enum ProviderFailure {
  UNAUTHORIZED(ModelException.Kind.UNAUTHORIZED),
  /** HTTP 429 with {@code retry-after: 17}. */
  RATE_LIMITED(ModelException.Kind.RATE_LIMITED),
  /** Anthropic HTTP 529, OpenAI-style HTTP 503 "overloaded". */
  OVERLOADED(ModelException.Kind.OVERLOADED),
  /**
   * An HTTP 200 event stream that breaks off with an overloaded error; a plain call gets the HTTP
   * form.
   */
  OVERLOADED_MID_STREAM(ModelException.Kind.OVERLOADED),
  SERVER_ERROR(ModelException.Kind.SERVER_ERROR),
  /** The connection closes before any answer. */
  CONNECTION_RESET(ModelException.Kind.TRANSIENT),
  /** HTTP 200 with a body that is not valid JSON. */
  MALFORMED_JSON(ModelException.Kind.MALFORMED_RESPONSE),
  /** HTTP 400 saying the prompt exceeds the context window. */
  CONTEXT_TOO_LONG(ModelException.Kind.CONTEXT_TOO_LONG);

  /**
   * The {@code retry-after} seconds sent with {@link #RATE_LIMITED}, as in the shared Anthropic
   * sample.
   */
  public static final int RETRY_AFTER_SECONDS = 17;

  private final ModelException.Kind kind;

  ProviderFailure(ModelException.Kind kind) {
    this.kind = kind;
  }

  public ModelException.Kind expectedKind() {
    return kind;
  }

  public boolean retryable() {
    return this != UNAUTHORIZED && this != CONTEXT_TOO_LONG;
  }
}
