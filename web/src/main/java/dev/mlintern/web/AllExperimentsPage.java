package dev.mlintern.web;

import dev.mlintern.compute.ledger.Ledger;
import io.javalin.http.Context;

/**
 * The global {@code /experiments} page: every experiment in the ledger with its runs count and the
 * best final value of its main metric ({@link BestMetric#objective}, found in SQL).
 */
final class AllExperimentsPage {
  private final JobBoard board;
  private final ExperimentRuns runs;
  private final Layout layout;

  AllExperimentsPage(JobBoard board, ExperimentRuns runs, Layout layout) {
    this.board = board;
    this.runs = runs;
    this.layout = layout;
  }

  void list(Context ctx) {
    StringBuilder rows = new StringBuilder();
    for (Ledger.ExperimentSummary e : board.experiments()) {
      rows.append("<tr data-experiment=\"")
          .append(Html.attr(e.name()))
          .append("\"><td><a href=\"/experiments/")
          .append(Html.url(e.name()))
          .append("\">")
          .append(Html.text(e.name()))
          .append("</a></td><td>")
          .append(Html.text(e.goal() == null ? "" : e.goal()))
          .append("</td><td class=\"runs\">")
          .append(e.runs())
          .append("</td><td class=\"best\">")
          .append(
              runs.experiment(e.name())
                  .flatMap(runs::best)
                  .map(b -> Html.text(b.display()))
                  .orElse(""))
          .append("</td></tr>");
    }
    if (rows.isEmpty()) {
      rows.append("<tr><td colspan=\"4\" class=\"empty\">No experiments yet.</td></tr>");
    }
    String body =
        "<h1>Experiments</h1><table class=\"experiments\" id=\"all-experiments\"><thead><tr>"
            + "<th>Experiment</th><th>Goal</th><th>Runs</th><th>Best metric</th></tr></thead><tbody>"
            + rows
            + "</tbody></table>";
    layout.page(ctx, "Experiments", null, body);
  }
}
