package dev.mlintern.web;

import dev.mlintern.compute.MetricPoint;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /experiments/NAME/compare?run=A&run=B…}: chosen runs side by side, as MLflow compares
 * them. Pick a metric ({@code metric=}) and a parameter ({@code param=}): the metric's curves over
 * steps overlaid, a scatter of the parameter against the metric, and a diff of the runs' configs
 * (only the values that differ, or every one with {@code all=1}).
 */
final class ComparePage {
  static final int MAX_RUNS = 20;

  private final ExperimentRuns runs;
  private final Layout layout;

  ComparePage(ExperimentRuns runs, Layout layout) {
    this.runs = runs;
    this.layout = layout;
  }

  void show(Context ctx) {
    ExperimentRuns.Experiment e = ExperimentPage.require(runs, ctx);
    List<ExperimentRuns.Run> chosen = chosen(ctx, e);
    Map<ExperimentRuns.Run, String> labels = labels(chosen);
    Map<ExperimentRuns.Run, Map<String, String>> configs = new LinkedHashMap<>();
    chosen.forEach(r -> configs.put(r, ConfigLeaves.of(r.record().config())));
    Map<ExperimentRuns.Run, List<MetricPoint>> points = new LinkedHashMap<>();
    chosen.forEach(r -> points.put(r, runs.points(r)));

    Set<String> metricNames = new LinkedHashSet<>();
    chosen.forEach(r -> r.record().metrics().fieldNames().forEachRemaining(metricNames::add));
    points.values().forEach(ps -> ps.forEach(p -> metricNames.add(p.name())));
    String metric = choice(ctx, "metric", metricNames);
    Set<String> differing = differing(configs);
    String param = choice(ctx, "param", differing);

    String base = "/experiments/" + Html.url(e.name());
    StringBuilder body =
        new StringBuilder("<h1>Compare ")
            .append(chosen.size())
            .append(" runs of <a href=\"")
            .append(base)
            .append("\">")
            .append(Html.text(e.name()))
            .append(
                "</a></h1><form class=\"filters\" method=\"get\" id=\"compare-choice\" action=\"")
            .append(base)
            .append("/compare\">");
    chosen.forEach(
        r ->
            body.append("<input type=\"hidden\" name=\"run\" value=\"")
                .append(Html.attr(r.record().id()))
                .append("\">"));
    body.append(select("metric", "Metric", metricNames, metric))
        .append(select("param", "Parameter", differing, param))
        .append("<button type=\"submit\">Show</button></form>")
        .append(summary(chosen, labels, configs, differing, metric));

    Charts charts = new Charts();
    if (metric != null) {
      Map<String, List<MetricPoint>> curves = new LinkedHashMap<>();
      points.forEach(
          (run, ps) -> {
            List<MetricPoint> own = ps.stream().filter(p -> p.name().equals(metric)).toList();
            if (!own.isEmpty()) {
              curves.put(labels.get(run), own);
            }
          });
      if (!curves.isEmpty()) {
        charts.lines(metric + " over steps", curves);
      }
      if (param != null) {
        scatter(charts, chosen, configs, metric, param);
      }
    }
    body.append(charts.isEmpty() ? "<p class=\"empty\">No values to chart.</p>" : charts.html())
        .append(diff(ctx, chosen, labels, configs, differing));
    layout.page(ctx, "Compare runs", null, body.toString());
  }

  private List<ExperimentRuns.Run> chosen(Context ctx, ExperimentRuns.Experiment e) {
    List<String> ids = ctx.queryParams("run").stream().distinct().toList();
    if (ids.isEmpty()) {
      throw new BadRequestResponse("choose runs to compare: tick them on the experiment's page");
    }
    if (ids.size() > MAX_RUNS) {
      throw new BadRequestResponse(
          "too many runs: compare at most " + MAX_RUNS + " at once, got " + ids.size());
    }
    List<ExperimentRuns.Run> out = new ArrayList<>();
    for (String id : ids) {
      ExperimentRuns.Run run = RunPage.require(runs, id);
      if (!run.record().experiment().equals(e.name())) {
        throw new BadRequestResponse("run " + id + " is not in experiment " + e.name());
      }
      out.add(run);
    }
    return out;
  }

  /** Each run's chart label: its name, with its id where two runs share a name. */
  private static Map<ExperimentRuns.Run, String> labels(List<ExperimentRuns.Run> chosen) {
    Set<String> seen = new HashSet<>();
    Set<String> repeated = new HashSet<>();
    chosen.forEach(
        r -> {
          if (!seen.add(r.name())) {
            repeated.add(r.name());
          }
        });
    Map<ExperimentRuns.Run, String> out = new LinkedHashMap<>();
    chosen.forEach(
        r ->
            out.put(
                r,
                repeated.contains(r.name()) ? r.name() + " (" + r.record().id() + ")" : r.name()));
    return out;
  }

  /** Config paths whose value is not the same in every chosen run. */
  private static Set<String> differing(Map<ExperimentRuns.Run, Map<String, String>> configs) {
    Set<String> keys = new TreeSet<>();
    configs.values().forEach(c -> keys.addAll(c.keySet()));
    Set<String> out = new LinkedHashSet<>();
    for (String key : keys) {
      Set<String> values = new HashSet<>();
      configs.values().forEach(c -> values.add(Objects.toString(c.get(key), "")));
      if (values.size() > 1) {
        out.add(key);
      }
    }
    return out;
  }

  /** The named choice when it is one of {@code options}, else the first option (null if none). */
  private static String choice(Context ctx, String name, Set<String> options) {
    String asked = ctx.queryParam(name);
    if (asked != null && !asked.isBlank()) {
      if (!options.contains(asked)) {
        throw new BadRequestResponse(
            "unknown " + name + " '" + asked + "': choose one from the list on the page");
      }
      return asked;
    }
    return options.isEmpty() ? null : options.iterator().next();
  }

  private static String select(String name, String label, Set<String> options, String chosen) {
    StringBuilder out =
        new StringBuilder("<label>")
            .append(label)
            .append(" <select name=\"")
            .append(name)
            .append("\" id=\"")
            .append(name)
            .append("-choice\">");
    for (String option : options) {
      out.append("<option value=\"")
          .append(Html.attr(option))
          .append('"')
          .append(option.equals(chosen) ? " selected" : "")
          .append('>')
          .append(Html.text(option))
          .append("</option>");
    }
    return out.append("</select></label> ").toString();
  }

  private static String summary(
      List<ExperimentRuns.Run> chosen,
      Map<ExperimentRuns.Run, String> labels,
      Map<ExperimentRuns.Run, Map<String, String>> configs,
      Set<String> differing,
      String metric) {
    StringBuilder out =
        new StringBuilder(
            "<table class=\"runs\" id=\"compared\"><thead><tr><th>Run</th><th>Status</th><th>");
    out.append(Html.text(metric == null ? "" : metric)).append("</th>");
    differing.forEach(k -> out.append("<th>").append(Html.text(k)).append("</th>"));
    out.append("</tr></thead><tbody>");
    for (ExperimentRuns.Run run : chosen) {
      Double value = metric == null ? null : run.record().metric(metric);
      out.append("<tr data-run=\"")
          .append(Html.attr(run.record().id()))
          .append("\"><td><a href=\"/runs/")
          .append(Html.url(run.record().id()))
          .append("\">")
          .append(Html.text(labels.get(run)))
          .append("</a></td><td>")
          .append(RunPage.status(run.record().status()))
          .append("</td><td class=\"num metric\">")
          .append(value == null ? "" : Readable.number(value))
          .append("</td>");
      differing.forEach(
          k ->
              out.append("<td>")
                  .append(Html.text(Objects.toString(configs.get(run).get(k), "")))
                  .append("</td>"));
      out.append("</tr>");
    }
    return out.append("</tbody></table>").toString();
  }

  private static void scatter(
      Charts charts,
      List<ExperimentRuns.Run> chosen,
      Map<ExperimentRuns.Run, Map<String, String>> configs,
      String metric,
      String param) {
    List<String> categories = new ArrayList<>();
    boolean numeric =
        chosen.stream()
            .map(r -> configs.get(r).get(param))
            .filter(Objects::nonNull)
            .allMatch(ComparePage::isNumber);
    if (!numeric) {
      chosen.stream()
          .map(r -> configs.get(r).get(param))
          .filter(Objects::nonNull)
          .distinct()
          .sorted()
          .forEach(categories::add);
    }
    List<double[]> points = new ArrayList<>();
    for (ExperimentRuns.Run run : chosen) {
      String x = configs.get(run).get(param);
      Double y = run.record().metric(metric);
      if (x != null && y != null && Double.isFinite(y)) {
        points.add(new double[] {numeric ? Double.parseDouble(x) : categories.indexOf(x), y});
      }
    }
    if (!points.isEmpty()) {
      charts.scatter(metric + " against " + param, param, points, categories);
    }
  }

  private static boolean isNumber(String text) {
    try {
      Double.parseDouble(text);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String diff(
      Context ctx,
      List<ExperimentRuns.Run> chosen,
      Map<ExperimentRuns.Run, String> labels,
      Map<ExperimentRuns.Run, Map<String, String>> configs,
      Set<String> differing) {
    boolean all = "1".equals(ctx.queryParam("all"));
    Set<String> keys = new TreeSet<>();
    configs.values().forEach(c -> keys.addAll(all ? c.keySet() : Set.of()));
    keys.addAll(differing);
    StringBuilder out =
        new StringBuilder("<h2>Config diff</h2><p><a id=\"diff-toggle\" href=\"?")
            .append(Html.attr(toggled(ctx, all)))
            .append("\">")
            .append(all ? "Only the values that differ" : "Every value")
            .append("</a></p><table class=\"diff\" id=\"config-diff\"><thead><tr><th>Key</th>");
    chosen.forEach(r -> out.append("<th>").append(Html.text(labels.get(r))).append("</th>"));
    out.append("</tr></thead><tbody>");
    for (String key : keys) {
      out.append("<tr")
          .append(differing.contains(key) ? " class=\"differs\"" : "")
          .append("><th>")
          .append(Html.text(key))
          .append("</th>");
      chosen.forEach(
          r ->
              out.append("<td>")
                  .append(Html.text(Objects.toString(configs.get(r).get(key), "")))
                  .append("</td>"));
      out.append("</tr>");
    }
    if (keys.isEmpty()) {
      out.append("<tr><td colspan=\"")
          .append(chosen.size() + 1)
          .append("\" class=\"empty\">The configs are the same.</td></tr>");
    }
    return out.append("</tbody></table>").toString();
  }

  private static String toggled(Context ctx, boolean all) {
    StringBuilder q = new StringBuilder();
    ctx.queryParams("run").forEach(id -> q.append("run=").append(Html.url(id)).append('&'));
    for (String name : List.of("metric", "param")) {
      String value = ctx.queryParam(name);
      if (value != null) {
        q.append(name).append('=').append(Html.url(value)).append('&');
      }
    }
    return q.append(all ? "all=0" : "all=1").toString();
  }
}
