package dev.mlintern.web;

import java.util.List;
import java.util.Map;

/**
 * One experiment run: its job, status, final metrics and the metric history the charts draw ({@code
 * curves}: metric name to points).
 */
public record LedgerRow(
    String runId,
    String status,
    String command,
    Map<String, Double> metrics,
    Map<String, List<Point>> curves) {
  public LedgerRow {
    metrics = Map.copyOf(metrics);
    curves = Map.copyOf(curves);
  }

  /** One logged metric value at a step (the log position when the job gave none). */
  public record Point(long step, double value) {}
}
