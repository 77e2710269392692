package dev.mlintern.core;

import java.time.Duration;

/**
 * Waits. Backoff and polling take one through their constructor so tests record the waits instead
 * of sleeping (no test sleeps for real); {@link #SYSTEM} is the real thing.
 */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  Sleeper SYSTEM = duration -> Thread.sleep(Math.max(0, duration.toMillis()));
}
