package dev.mlintern.research.http;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * How long to wait before retrying a throttled or failing request: the server's {@code Retry-After}
 * when it sends one, else {@code initial × 2^attempt} capped at {@code max}. Semantic Scholar sends
 * no Retry-After on 429, so the exponential form is what usually applies there. {@code retries} is
 * how many retries follow the first try.
 */
public record Backoff(Duration initial, Duration max, int retries) {
  public static Backoff standard() {
    return new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), 3);
  }

  /** Delay before retry number {@code attempt} (0-based). */
  public Duration delay(int attempt, OptionalLong retryAfterSeconds) {
    if (retryAfterSeconds.isPresent()) {
      Duration asked = Duration.ofSeconds(Math.max(0, retryAfterSeconds.getAsLong()));
      return asked.compareTo(max) > 0 ? max : asked;
    }
    Duration exponential = initial.multipliedBy(1L << Math.min(attempt, 20));
    return exponential.compareTo(max) > 0 ? max : exponential;
  }
}
