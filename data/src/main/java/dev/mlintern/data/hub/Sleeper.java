package dev.mlintern.data.hub;

import java.time.Duration;

/** Waits between retries; tests pass a recording sleeper so nothing sleeps for real. */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /** The real one. */
  static Sleeper system() {
    return d -> Thread.sleep(d.toMillis());
  }
}
