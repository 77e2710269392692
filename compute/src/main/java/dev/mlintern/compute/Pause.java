package dev.mlintern.compute;

import java.time.Duration;

/**
 * How compute waits between polls; tests pass one that records instead of sleeping. (Mirrors core's Sleeper, which
 * this module can adopt once core publishes it.)
 */
@FunctionalInterface
public interface Pause {
  void pause(Duration duration) throws InterruptedException;

  Pause SYSTEM = d -> Thread.sleep(Math.max(0, d.toMillis()));
}
