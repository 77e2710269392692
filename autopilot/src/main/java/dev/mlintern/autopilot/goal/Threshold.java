package dev.mlintern.autopilot.goal;

import java.util.Locale;

/**
 * A score the goal asks to reach ("beat 0.95 accuracy", "RMSE below 3.5"): the metric, the value
 * and which way is better. {@link #verdict} says whether a run's best score met it.
 */
public record Threshold(String metric, double value, boolean higherIsBetter) {

  /** True when {@code best} reaches the value (ties count as met). */
  public boolean met(double best) {
    return higherIsBetter ? best >= value : best <= value;
  }

  /** "met (best 0.9612 ≥ 0.95)" or "not met (best 0.93 < 0.95)". */
  public String verdict(double best) {
    if (!Double.isFinite(best)) {
      return "not met (no score)";
    }
    String sign = met(best) ? (higherIsBetter ? "≥" : "≤") : (higherIsBetter ? "<" : ">");
    return (met(best) ? "met" : "not met")
        + " (best "
        + number(best)
        + " "
        + sign
        + " "
        + number(value)
        + ")";
  }

  public String direction() {
    return higherIsBetter ? "higher" : "lower";
  }

  /** "accuracy ≥ 0.95" or "rmse ≤ 3.5". */
  public String describe() {
    return metric + (higherIsBetter ? " ≥ " : " ≤ ") + number(value);
  }

  /** Four significant decimals at most, no trailing zeros: 0.95, 0.9612, 3.5. */
  static String number(double value) {
    String text = String.format(Locale.ROOT, "%.4f", value);
    return text.contains(".") ? text.replaceAll("0+$", "").replaceAll("\\.$", "") : text;
  }
}
