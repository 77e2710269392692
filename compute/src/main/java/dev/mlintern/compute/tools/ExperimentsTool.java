package dev.mlintern.compute.tools;

import dev.mlintern.compute.JobException;
import dev.mlintern.compute.MetricPoint;
import dev.mlintern.compute.ledger.Ledger;
import dev.mlintern.compute.ledger.RunComparison;
import dev.mlintern.compute.ledger.RunRecord;
import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@code experiments} tool: record a run, compare two runs, find the best run by a metric, show
 * a metric's history across runs, list experiments or one experiment's runs. Jobs with an
 * experiment label are recorded automatically when they end.
 */
public final class ExperimentsTool extends DescribedTool<ExperimentsInput> {
  private static final int MAX_RUNS = 30;
  private final Ledger ledger;

  public ExperimentsTool(Ledger ledger) {
    super("experiments", ExperimentsInput.class);
    this.ledger = ledger;
  }

  @Override
  public Set<Effect> effects(ExperimentsInput input) {
    return input instanceof ExperimentsInput.Record ? Set.of(Effect.WRITE) : Set.of(Effect.READ);
  }

  @Override
  public ToolResult call(ExperimentsInput input, ToolContext context) {
    try {
      if (input instanceof ExperimentsInput.Record r) {
        if (r.metrics() == null || !r.metrics().isObject()) {
          throw new ToolException(
              "metrics must be an object of name → number, e.g. {\"val_accuracy\": 0.91}");
        }
        RunRecord run =
            ledger.record(
                new RunRecord(
                    null,
                    r.experiment(),
                    null,
                    r.parent(),
                    r.config(),
                    null,
                    null,
                    r.seed(),
                    "manual",
                    null,
                    r.status(),
                    r.metrics(),
                    null,
                    r.notes(),
                    null));
        return ToolResult.of("recorded " + run.id() + " in " + run.experiment());
      } else if (input instanceof ExperimentsInput.Compare c) {
        return ToolResult.of(RunComparison.text(require(c.a()), require(c.b())));
      } else if (input instanceof ExperimentsInput.Best b) {
        boolean higher = b.higher() != null ? b.higher() : !lowerIsBetter(b.metric());
        return ledger
            .best(b.experiment(), b.metric(), higher)
            .map(
                run ->
                    ToolResult.of(
                        "best by "
                            + b.metric()
                            + " ("
                            + (higher ? "higher" : "lower")
                            + " is better): "
                            + line(run, b.metric())
                            + "\nconfig: "
                            + run.config()))
            .orElseGet(
                () ->
                    ToolResult.of(
                        "no successful run in " + b.experiment() + " reports " + b.metric()));
      } else if (input instanceof ExperimentsInput.History h) {
        List<Ledger.HistoryPoint> points = ledger.history(h.experiment(), h.metric());
        StringBuilder text = new StringBuilder(h.metric() + " in " + h.experiment() + ":");
        points.stream()
            .skip(Math.max(0, points.size() - MAX_RUNS))
            .forEach(
                p ->
                    text.append("\n  ")
                        .append(p.runId())
                        .append(' ')
                        .append(p.at())
                        .append(' ')
                        .append(MetricPoint.format(p.value())));
        return ToolResult.of(
            points.isEmpty()
                ? "no run in " + h.experiment() + " reports " + h.metric()
                : text.toString());
      }
      return list((ExperimentsInput.List) input);
    } catch (JobException e) {
      throw new ToolException(
          e.getMessage() + "; use operation list to see experiments and run ids");
    }
  }

  private ToolResult list(ExperimentsInput.List l) {
    if (l.experiment() == null || l.experiment().isBlank() || l.experiment().equals("*")) {
      StringBuilder text = new StringBuilder();
      for (Ledger.ExperimentSummary e : ledger.experiments()) {
        text.append(e.name())
            .append('\t')
            .append(e.runs())
            .append(" runs")
            .append(e.goal() == null ? "" : "\t" + e.goal())
            .append('\n');
      }
      return ToolResult.of(text.length() == 0 ? "no experiments yet" : text.toString().strip());
    }
    List<RunRecord> runs = ledger.runs(l.experiment());
    StringBuilder text = new StringBuilder();
    runs.stream()
        .skip(Math.max(0, runs.size() - MAX_RUNS))
        .forEach(r -> text.append(line(r, null)).append('\n'));
    return ToolResult.of(runs.isEmpty() ? "no runs in " + l.experiment() : text.toString().strip());
  }

  private RunRecord require(String id) {
    return ledger
        .run(id)
        .orElseThrow(
            () ->
                new ToolException(
                    "no run " + id + "; use operation list with the experiment name"));
  }

  /** One run on one line: id, status, job, the named metric (or all), seed. */
  public static String line(RunRecord run, String metric) {
    String metrics =
        metric != null && run.metric(metric) != null
            ? metric + "=" + MetricPoint.format(run.metric(metric))
            : run.metrics().toString();
    return run.id()
        + "\t"
        + run.status()
        + "\t"
        + (run.jobId() == null ? "-" : run.jobId())
        + "\t"
        + metrics
        + (run.seed() == null ? "" : "\tseed=" + run.seed());
  }

  static boolean lowerIsBetter(String metric) {
    String m = metric.toLowerCase(Locale.ROOT);
    return m.contains("loss")
        || m.contains("rmse")
        || m.contains("mae")
        || m.contains("rmsle")
        || m.contains("perplexity")
        || m.contains("error");
  }
}
