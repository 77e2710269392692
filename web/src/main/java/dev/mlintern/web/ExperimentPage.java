package dev.mlintern.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /experiments/NAME}: the experiment's runs, one server-rendered page of {@value #PAGE_SIZE}
 * at a time, with a column per metric and per parameter that varies, sortable by any of them
 * ({@code sort=metric:NAME}, {@code sort=param:PATH}, {@code dir=asc|desc}), filtered by {@code q}
 * ({@link RunFilter}), and a checkbox per run to compare the chosen ones.
 */
final class ExperimentPage {
  static final int PAGE_SIZE = 50;

  private final ExperimentRuns runs;
  private final Layout layout;

  ExperimentPage(ExperimentRuns runs, Layout layout) {
    this.runs = runs;
    this.layout = layout;
  }

  void show(Context ctx) {
    ExperimentRuns.Experiment e = require(runs, ctx);
    List<ExperimentRuns.Column> metrics = runs.metrics(e);
    List<ExperimentRuns.Column> params = runs.params(e);
    List<ExperimentRuns.Column> columns = new ArrayList<>(metrics);
    columns.addAll(params);
    Set<String> metricNames =
        metrics.stream().map(ExperimentRuns.Column::label).collect(Collectors.toSet());
    String q = ctx.queryParam("q");
    RunFilter.Sql filter = RunFilter.parse(q, metricNames);
    ExperimentRuns.Sort sort = sort(ctx, columns);
    int offset = Math.max(0, ctx.queryParamAsClass("offset", Integer.class).getOrDefault(0));
    int total = runs.count(e, filter);
    List<ExperimentRuns.Run> page = runs.page(e, filter, sort, offset, PAGE_SIZE);
    String base = "/experiments/" + Html.url(e.name());
    StringBuilder head =
        new StringBuilder("<tr><th></th><th>Run</th><th>Status</th><th>Created</th>");
    for (ExperimentRuns.Column c : columns) {
      head.append(header(ctx, base, c, sort));
    }
    head.append("</tr>");
    StringBuilder rows = new StringBuilder();
    for (ExperimentRuns.Run run : page) {
      rows.append(row(run, columns));
    }
    if (page.isEmpty()) {
      rows.append("<tr><td colspan=\"")
          .append(columns.size() + 4)
          .append("\" class=\"empty\">No runs match.</td></tr>");
    }
    String body =
        "<h1>Experiment "
            + Html.text(e.name())
            + "</h1>"
            + (e.goal() == null ? "" : "<p class=\"goal\">" + Html.text(e.goal()) + "</p>")
            + "<form class=\"filters\" id=\"run-filter\" method=\"get\" action=\""
            + base
            + "\"><input name=\"q\" size=\"50\" placeholder=\"accuracy &gt; 0.9 and model = svc\" value=\""
            + Html.attr(q == null ? "" : q)
            + "\">"
            + hidden("sort", ctx.queryParam("sort"))
            + hidden("dir", ctx.queryParam("dir"))
            + "<button type=\"submit\">Filter</button></form>"
            + "<form method=\"get\" action=\""
            + base
            + "/compare\" id=\"compare-form\"><p id=\"run-count\">"
            + counted(offset, page.size(), total)
            + " <button type=\"submit\" id=\"compare\">Compare selected</button></p>"
            + "<table class=\"runs\" id=\"runs\"><thead>"
            + head
            + "</thead><tbody>"
            + rows
            + "</tbody></table></form>"
            + pager(ctx, base, offset, total)
            + "<form class=\"filters\" method=\"post\" id=\"rename\" action=\""
            + base
            + "/rename\"><input type=\"hidden\" name=\""
            + Guard.CSRF_FIELD
            + "\" value=\""
            + Html.attr(layout.csrf())
            + "\"><input name=\"name\" required maxlength=\"100\" value=\""
            + Html.attr(e.name())
            + "\"><button type=\"submit\">Rename experiment</button></form>";
    layout.page(ctx, e.name(), null, body);
  }

  void rename(Context ctx) {
    ExperimentRuns.Experiment e = require(runs, ctx);
    runs.rename(e, ctx.formParam("name"));
    ctx.redirect(
        "/experiments/" + Html.url(ctx.formParam("name").strip()),
        io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private static String row(ExperimentRuns.Run run, List<ExperimentRuns.Column> columns) {
    var r = run.record();
    StringBuilder row =
        new StringBuilder("<tr data-run=\"")
            .append(Html.attr(r.id()))
            .append("\"><td><input type=\"checkbox\" name=\"run\" value=\"")
            .append(Html.attr(r.id()))
            .append("\" aria-label=\"compare ")
            .append(Html.attr(run.name()))
            .append("\"></td><td><a href=\"/runs/")
            .append(Html.url(r.id()))
            .append("\">")
            .append(Html.text(run.name()))
            .append("</a></td><td>")
            .append(RunPage.status(r.status()))
            .append("</td><td>")
            .append(Readable.time(r.createdAt()))
            .append("</td>");
    for (ExperimentRuns.Column c : columns) {
      row.append("<td class=\"num\">").append(Html.text(value(run, c))).append("</td>");
    }
    return row.append("</tr>").toString();
  }

  /** The run's value in a column, formatted; empty when it has none. */
  static String value(ExperimentRuns.Run run, ExperimentRuns.Column c) {
    var r = run.record();
    if (c.metric()) {
      Double v = r.metric(c.label());
      return v == null ? "" : Readable.number(v);
    }
    String v = ConfigLeaves.of(r.config()).get(c.label());
    if (v == null) {
      return "";
    }
    try {
      return Readable.number(Double.parseDouble(v));
    } catch (NumberFormatException notANumber) {
      return v;
    }
  }

  private static String header(
      Context ctx, String base, ExperimentRuns.Column c, ExperimentRuns.Sort sort) {
    boolean active = sort.column() != null && sort.column().key().equals(c.key());
    boolean nextDescending = !active || !sort.descending();
    String arrow = active ? (sort.descending() ? " ▼" : " ▲") : "";
    return "<th class=\"num "
        + (c.metric() ? "metric" : "param")
        + "\""
        + (active ? " aria-sort=\"" + (sort.descending() ? "descending" : "ascending") + "\"" : "")
        + "><a href=\""
        + base
        + "?"
        + Html.attr(query(ctx.queryParam("q"), c.key(), nextDescending ? "desc" : "asc", 0))
        + "\" data-sort=\""
        + Html.attr(c.key())
        + "\">"
        + Html.text(c.label())
        + "</a>"
        + arrow
        + "</th>";
  }

  private static ExperimentRuns.Sort sort(Context ctx, List<ExperimentRuns.Column> columns) {
    String key = ctx.queryParam("sort");
    boolean descending = !"asc".equals(ctx.queryParam("dir"));
    if (key == null || key.isBlank() || key.equals("created")) {
      return new ExperimentRuns.Sort(null, descending);
    }
    return columns.stream()
        .filter(c -> c.key().equals(key))
        .findFirst()
        .map(c -> new ExperimentRuns.Sort(c, descending))
        .orElseThrow(
            () ->
                new BadRequestResponse(
                    "unknown sort column '" + key + "': click a column header to sort by it"));
  }

  private static String counted(int offset, int shown, int total) {
    return shown == 0
        ? total + " runs"
        : "Runs " + (offset + 1) + "–" + (offset + shown) + " of " + total;
  }

  private static String pager(Context ctx, String base, int offset, int total) {
    String q = ctx.queryParam("q");
    String sort = ctx.queryParam("sort");
    String dir = ctx.queryParam("dir");
    StringBuilder out = new StringBuilder("<p class=\"pager\">");
    if (offset > 0) {
      out.append("<a id=\"previous-page\" href=\"")
          .append(base)
          .append('?')
          .append(Html.attr(query(q, sort, dir, Math.max(0, offset - PAGE_SIZE))))
          .append("\">Previous runs</a> ");
    }
    if (offset + PAGE_SIZE < total) {
      out.append("<a id=\"next-page\" href=\"")
          .append(base)
          .append('?')
          .append(Html.attr(query(q, sort, dir, offset + PAGE_SIZE)))
          .append("\">More runs</a>");
    }
    return out.append("</p>").toString();
  }

  private static String query(String q, String sort, String dir, int offset) {
    StringBuilder out = new StringBuilder();
    if (q != null && !q.isBlank()) {
      out.append("q=").append(Html.url(q)).append('&');
    }
    if (sort != null && !sort.isBlank()) {
      out.append("sort=").append(Html.url(sort)).append('&');
    }
    if (dir != null && !dir.isBlank()) {
      out.append("dir=").append(Html.url(dir)).append('&');
    }
    return out.append("offset=").append(offset).toString();
  }

  private static String hidden(String name, String value) {
    return value == null || value.isBlank()
        ? ""
        : "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.attr(value) + "\">";
  }

  /** The experiment named by the path, or 404. */
  static ExperimentRuns.Experiment require(ExperimentRuns runs, Context ctx) {
    String name = ctx.pathParam("name");
    return runs.experiment(name)
        .orElseThrow(() -> new NotFoundResponse("no such experiment (see /experiments)"));
  }
}
