package dev.mlintern.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.event.EventJson;
import dev.mlintern.core.store.SessionInfo;
import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ledger of a session's runs as a table, and its charts (drawn by {@code charts.js} with uPlot
 * from {@code experiments.json}): one learning-curve chart per metric with a series per run, and
 * the final value of each metric per trial.
 */
final class ExperimentsPage {
  private final WebEngine engine;
  private final Layout layout;

  ExperimentsPage(WebEngine engine, Layout layout) {
    this.engine = engine;
    this.layout = layout;
  }

  void show(Context ctx) {
    SessionInfo s = SessionPage.require(engine, ctx);
    List<LedgerRow> rows = engine.ledger(s.id());
    Set<String> names = new TreeSet<>();
    rows.forEach(r -> names.addAll(r.metrics().keySet()));
    StringBuilder table =
        new StringBuilder(
            "<table class=\"ledger\"><thead><tr><th>Run</th><th>Status</th><th>Command</th>");
    names.forEach(n -> table.append("<th>").append(Html.text(n)).append("</th>"));
    table.append("</tr></thead><tbody>");
    for (LedgerRow row : rows) {
      table
          .append("<tr><td>")
          .append(Html.text(row.runId()))
          .append("</td><td>")
          .append(Html.text(row.status()))
          .append("</td><td><code>")
          .append(Html.text(row.command()))
          .append("</code></td>");
      for (String name : names) {
        Double value = row.metrics().get(name);
        table
            .append("<td class=\"num\">")
            .append(value == null ? "" : Html.text(String.format(Locale.ROOT, "%.4g", value)))
            .append("</td>");
      }
      table.append("</tr>");
    }
    table.append("</tbody></table>");
    String body =
        "<h1>Experiments</h1>"
            + (rows.isEmpty() ? "<p class=\"empty\">No runs yet.</p>" : table.toString())
            + "<div id=\"charts\" data-src=\"/sessions/"
            + Html.attr(Html.url(s.id()))
            + "/experiments.json\"></div>"
            + "<script src=\"/assets/uPlot.iife.min.js\"></script><script src=\"/assets/charts.js\"></script>";
    layout.page(ctx, "Experiments", s.id(), body);
  }

  /**
   * {"runs": [{"id", "status", "metrics": {name: value}, "curves": {name: [[steps], [values]]}}]}
   */
  void data(Context ctx) {
    SessionInfo s = SessionPage.require(engine, ctx);
    ObjectNode root = EventJson.mapper().createObjectNode();
    ArrayNode runs = root.putArray("runs");
    for (LedgerRow row : engine.ledger(s.id())) {
      ObjectNode run = runs.addObject();
      run.put("id", row.runId());
      run.put("status", row.status());
      ObjectNode metrics = run.putObject("metrics");
      row.metrics().forEach((name, value) -> putNumber(metrics, name, value));
      ObjectNode curves = run.putObject("curves");
      row.curves()
          .forEach(
              (name, points) -> {
                ArrayNode pair = curves.putArray(name);
                ArrayNode steps = pair.addArray();
                ArrayNode values = pair.addArray();
                for (LedgerRow.Point p : points) {
                  steps.add(p.step());
                  if (Double.isFinite(p.value())) {
                    values.add(p.value());
                  } else {
                    values.addNull();
                  }
                }
              });
    }
    ctx.contentType("application/json").result(root.toString());
  }

  private static void putNumber(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    } else {
      node.putNull(name);
    }
  }
}
