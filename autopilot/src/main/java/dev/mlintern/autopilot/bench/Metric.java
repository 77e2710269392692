package dev.mlintern.autopilot.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A bench metric: which task types may use it, whether higher is better, whether it needs the
 * task's positive label, and the tolerance REFERENCES.md allows when comparing with a reference
 * score.
 */
public enum Metric {
  ACCURACY(true, false, false),
  F1(true, false, true),
  ROC_AUC(true, false, true),
  RMSE(false, true, false),
  RMSLE(false, true, false),
  MAE(false, true, false);

  private final boolean forClassification;
  private final boolean forRegression;
  private final boolean needsPositive;

  Metric(boolean forClassification, boolean forRegression, boolean needsPositive) {
    this.forClassification = forClassification;
    this.forRegression = forRegression;
    this.needsPositive = needsPositive;
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean higherIsBetter() {
    return forClassification;
  }

  public boolean needsPositive() {
    return needsPositive;
  }

  /** Whether a task of this type can be scored with this metric. */
  public boolean fits(TaskType type) {
    return type.classification() ? forClassification : forRegression;
  }

  /** True when {@code a} is a better score than {@code b}. */
  public boolean better(double a, double b) {
    return higherIsBetter() ? a > b : a < b;
  }

  /** Whether {@code score} reaches {@code reference} within REFERENCES.md's tolerance. */
  public boolean reaches(double score, double reference) {
    return higherIsBetter() ? score >= reference - 0.005 : score <= reference * 1.02;
  }

  static Metric parse(String value, String where) {
    for (Metric metric : values()) {
      if (metric.label().equals(value)) {
        return metric;
      }
    }
    throw new dev.mlintern.autopilot.AutopilotException(
        dev.mlintern.autopilot.AutopilotException.Kind.BAD_TASK,
        where
            + ": unknown metric '"
            + value
            + "'; use one of "
            + Arrays.stream(values()).map(Metric::label).collect(Collectors.joining(", ")));
  }
}
