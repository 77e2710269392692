package dev.mlintern.compute;

import java.time.Duration;

/**
 * A hardware choice an executor offers (HF Jobs flavors), with its price for cost estimates and
 * actual costs.
 */
public record Flavor(String name, String hardware, double usdPerHour) {
  /** What running this long costs, billed per started minute as HF Jobs bills. */
  public double usdFor(Duration ran) {
    long minutes = (Math.max(0, ran.toSeconds()) + 59) / 60;
    return usdPerHour * minutes / 60.0;
  }
}
