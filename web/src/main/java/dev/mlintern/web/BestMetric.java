package dev.mlintern.web;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Picks the number the sessions list shows for a session: the best final value, over its runs, of
 * the metric that most looks like the validation objective (accuracy/F1/AUC higher is better;
 * loss/RMSE/MAE lower).
 */
record BestMetric(String name, double value, String runId) {
  private static final List<String> PREFERRED =
      List.of(
          "val/accuracy",
          "val/f1",
          "val/roc_auc",
          "val/rmse",
          "val/loss",
          "accuracy",
          "f1",
          "roc_auc",
          "rmse",
          "loss");

  static Optional<BestMetric> of(List<LedgerRow> rows) {
    Set<String> names = new TreeSet<>();
    rows.forEach(r -> names.addAll(r.metrics().keySet()));
    if (names.isEmpty()) {
      return Optional.empty();
    }
    String name = objective(names);
    boolean lower = lowerIsBetter(name);
    BestMetric best = null;
    for (LedgerRow row : rows) {
      Double value = row.metrics().get(name);
      if (value == null || value.isNaN() || value.isInfinite()) {
        continue;
      }
      if (best == null || (lower ? value < best.value : value > best.value)) {
        best = new BestMetric(name, value, row.runId());
      }
    }
    return Optional.ofNullable(best);
  }

  /** The metric among {@code names} (not empty) that most looks like the validation objective. */
  static String objective(java.util.Collection<String> names) {
    return PREFERRED.stream()
        .filter(names::contains)
        .findFirst()
        .orElse(new TreeSet<>(names).first());
  }

  static boolean lowerIsBetter(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.contains("loss")
        || n.contains("rmse")
        || n.contains("mae")
        || n.contains("error")
        || n.contains("perplexity");
  }

  String display() {
    return name + " " + String.format(Locale.ROOT, "%.4g", value);
  }
}
