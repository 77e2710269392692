package dev.mlintern.core.model;

import java.time.Duration;
import java.util.Optional;

/**
 * Every failure of a model call, named by cause. {@link #retryable()} and {@link #retryAfter()}
 * drive the single retry policy in {@code RetryingChatModel}: rate limits, overload, server errors
 * and broken connections are retried; authentication, bad requests, context overflow and an address
 * where nothing answers are not.
 */
public class ModelException extends RuntimeException {
  private final Kind kind;
  private final Duration retryAfter;

  public enum Kind {
    RATE_LIMITED(true),
    OVERLOADED(true),
    SERVER_ERROR(true),
    TRANSIENT(true),
    /** Nothing answers at the provider's address (refused, unreachable, no answer in time). */
    UNREACHABLE(false),
    CONTEXT_TOO_LONG(false),
    UNAUTHORIZED(false),
    BAD_REQUEST(false),
    MALFORMED_RESPONSE(true);

    private final boolean retryable;

    Kind(boolean retryable) {
      this.retryable = retryable;
    }
  }

  public ModelException(Kind kind, String message) {
    this(kind, message, null, null);
  }

  public ModelException(Kind kind, String message, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  public boolean retryable() {
    return kind.retryable;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
