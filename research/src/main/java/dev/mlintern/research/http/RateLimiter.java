package dev.mlintern.research.http;

import dev.mlintern.core.Sleeper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces requests to one service at least {@code minInterval} apart (arXiv asks for one request
 * every three seconds). Cache hits never pass through it. Thread-safe: concurrent callers queue up.
 */
public final class RateLimiter {
  private final Duration minInterval;
  private final Clock clock;
  private final Sleeper sleeper;
  private Instant last;

  public RateLimiter(Duration minInterval, Clock clock, Sleeper sleeper) {
    this.minInterval = minInterval;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** A limiter that never waits. */
  public static RateLimiter none(Clock clock) {
    return new RateLimiter(Duration.ZERO, clock, d -> {});
  }

  /** Blocks until the next request may go out, then records it as sent. */
  public synchronized void acquire() throws InterruptedException {
    if (last != null && !minInterval.isZero()) {
      Duration since = Duration.between(last, clock.instant());
      if (since.compareTo(minInterval) < 0) {
        sleeper.sleep(minInterval.minus(since));
      }
    }
    last = clock.instant();
  }
}
