package dev.mlintern.app.pinned;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.compute.ledger.Ledger;
import dev.mlintern.compute.ledger.RunRecord;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The ledger's state as kept through compaction: for the latest experiments, the best run on the
 * experiment's first metric and the latest run, with their metrics, so the model never forgets what
 * it already measured.
 */
public final class LedgerPin implements Supplier<String> {
  private static final int EXPERIMENTS = 3;
  private static final Pattern LOWER_IS_BETTER =
      Pattern.compile("(?i).*(loss|error|rmse|rmsle|mae|mse|perplexity|ppl|wer|cer).*");
  private final Ledger ledger;

  public LedgerPin(Ledger ledger) {
    this.ledger = ledger;
  }

  @Override
  public String get() {
    List<Ledger.ExperimentSummary> all = ledger.experiments();
    if (all.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (Ledger.ExperimentSummary experiment :
        all.subList(Math.max(0, all.size() - EXPERIMENTS), all.size())) {
      List<RunRecord> runs = ledger.runs(experiment.name());
      out.append("- experiment ")
          .append(experiment.name())
          .append(" (")
          .append(runs.size())
          .append(" runs)");
      if (runs.isEmpty()) {
        out.append('\n');
        continue;
      }
      RunRecord latest = runs.get(runs.size() - 1);
      Optional<String> metric = firstMetric(runs);
      metric
          .flatMap(m -> ledger.best(experiment.name(), m, !LOWER_IS_BETTER.matcher(m).matches()))
          .ifPresent(
              best ->
                  out.append("; best on ")
                      .append(metric.get())
                      .append(": ")
                      .append(describe(best)));
      out.append("; latest: ").append(describe(latest)).append('\n');
    }
    return out.toString().strip();
  }

  private static Optional<String> firstMetric(List<RunRecord> runs) {
    return runs.stream()
        .sorted(Comparator.comparing(RunRecord::createdAt).reversed())
        .filter(r -> "ok".equals(r.status()) && r.metrics().size() > 0)
        .map(r -> r.metrics().fieldNames().next())
        .findFirst();
  }

  private static String describe(RunRecord run) {
    StringBuilder text = new StringBuilder(run.id()).append(" [").append(run.status()).append("]");
    Iterator<String> names = run.metrics().fieldNames();
    int shown = 0;
    while (names.hasNext() && shown++ < 6) {
      String name = names.next();
      JsonNode value = run.metrics().get(name);
      text.append(' ')
          .append(name)
          .append('=')
          .append(
              value.isNumber()
                  ? String.format(Locale.ROOT, "%.4g", value.asDouble())
                  : value.asText());
    }
    return text.toString();
  }
}
