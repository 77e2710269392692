package dev.mlintern.web;

import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.MetricPoint;
import dev.mlintern.compute.ledger.RunRecord;
import dev.mlintern.compute.ledger.TableJson;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code /runs/ID} (a run id or its job's id): the run's final metrics, its metrics over steps, its
 * parameters (the whole config, flattened), artifacts, a link to its job's full log and the command
 * that reruns it.
 */
final class RunPage {
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  private final ExperimentRuns runs;
  private final Layout layout;

  RunPage(ExperimentRuns runs, Layout layout) {
    this.runs = runs;
    this.layout = layout;
  }

  void show(Context ctx) {
    ExperimentRuns.Run run = require(runs, ctx.pathParam("run"));
    RunRecord r = run.record();
    JobRecord job = runs.job(r.jobId()).orElse(null);
    StringBuilder body =
        new StringBuilder("<h1>")
            .append(Html.text(run.name()))
            .append("</h1><p class=\"run-facts\">Experiment <a href=\"/experiments/")
            .append(Html.url(r.experiment()))
            .append("\">")
            .append(Html.text(r.experiment()))
            .append("</a> · ")
            .append(status(r.status()))
            .append(" · ")
            .append(Readable.time(r.createdAt()))
            .append(r.executor() == null ? "" : " · " + Html.text(r.executor()))
            .append(r.costUsd() == null ? "" : String.format(Locale.ROOT, " · $%.2f", r.costUsd()))
            .append(" · run <code>")
            .append(Html.text(r.id()))
            .append("</code>");
    if (r.parentRun() != null) {
      body.append(" · parent <a href=\"/runs/")
          .append(Html.url(r.parentRun()))
          .append("\">")
          .append(Html.text(r.parentRun()))
          .append("</a>");
    }
    body.append("</p>");
    body.append("<form method=\"post\" id=\"notes\" action=\"/runs/")
        .append(Html.url(r.id()))
        .append("/notes\"><input type=\"hidden\" name=\"")
        .append(Guard.CSRF_FIELD)
        .append("\" value=\"")
        .append(Html.attr(layout.csrf()))
        .append(
            "\"><label>Notes (#tags are found by the experiment's filter)<textarea name=\"notes\"")
        .append(" rows=\"2\" maxlength=\"10000\">")
        .append(Html.text(r.notes() == null ? "" : r.notes()))
        .append("</textarea></label><button type=\"submit\">Save notes</button></form>");
    body.append("<h2>Metrics</h2>").append(metrics(r));
    Charts charts = new Charts();
    Map<String, List<MetricPoint>> byName = new LinkedHashMap<>();
    for (MetricPoint p : runs.points(run)) {
      byName.computeIfAbsent(p.name(), n -> new ArrayList<>()).add(p);
    }
    byName.forEach(
        (name, points) -> {
          if (points.size() > 1) {
            charts.lines(name, Map.of(run.name(), points));
          }
        });
    if (!charts.isEmpty()) {
      body.append("<h2>Metrics over steps</h2>").append(charts.html());
    }
    body.append("<h2>Parameters</h2>").append(table(ConfigLeaves.of(r.config()), "params"));
    Map<String, String> artifacts = new LinkedHashMap<>();
    r.artifacts().fields().forEachRemaining(f -> artifacts.put(f.getKey(), f.getValue().asText()));
    body.append("<h2>Artifacts</h2>").append(table(artifacts, "artifacts"));
    if (job != null) {
      body.append("<h2>Log</h2><p><a id=\"job-link\" href=\"/jobs/")
          .append(Html.url(job.id()))
          .append("\">Job ")
          .append(Html.text(job.id()))
          .append("</a> · <a id=\"log-link\" href=\"/jobs/")
          .append(Html.url(job.id()))
          .append("/log\">Full log as text</a></p><h2>Rerun</h2><pre id=\"rerun\">")
          .append(Html.text(rerun(r, job)))
          .append("</pre>");
    }
    layout.page(ctx, run.name(), null, body.toString());
  }

  void note(Context ctx) {
    ExperimentRuns.Run run = require(runs, ctx.pathParam("run"));
    runs.note(run, ctx.formParam("notes"));
    ctx.redirect("/runs/" + Html.url(run.record().id()), io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private static String metrics(RunRecord r) {
    Map<String, String> values = new LinkedHashMap<>();
    r.metrics()
        .fields()
        .forEachRemaining(
            f -> {
              Double v = r.metric(f.getKey());
              values.put(f.getKey(), v == null ? f.getValue().asText() : Readable.number(v));
            });
    return table(values, "metrics");
  }

  private static String table(Map<String, String> values, String id) {
    if (values.isEmpty()) {
      return "<p class=\"empty\" id=\"" + id + "\">None.</p>";
    }
    StringBuilder out = new StringBuilder("<table class=\"pairs\" id=\"" + id + "\"><tbody>");
    values.forEach(
        (k, v) ->
            out.append("<tr><th>")
                .append(Html.text(k))
                .append("</th><td>")
                .append(Html.text(v))
                .append("</td></tr>"));
    return out.append("</tbody></table>").toString();
  }

  /** The CLI line that submits the same command with the same config under the same experiment. */
  static String rerun(RunRecord r, JobRecord job) {
    List<String> parts =
        new ArrayList<>(List.of("mlintern", "jobs", "submit", "--executor", job.executor()));
    if (Files.isRegularFile(job.outputDir().resolve("config.json"))) {
      parts.add("--config");
      parts.add(job.outputDir().resolve("config.json").toString());
    }
    parts.add("--experiment");
    parts.add(r.experiment());
    parts.add("--");
    parts.addAll(TableJson.readList(job.command()));
    return String.join(" ", parts.stream().map(RunPage::shellQuoted).toList());
  }

  private static String shellQuoted(String word) {
    return word.matches("[A-Za-z0-9_./=:@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }

  static String status(String status) {
    return "<span class=\"status " + Html.attr(status) + "\">" + Html.text(status) + "</span>";
  }

  /** The run named by {@code id}; a malformed id is refused before any lookup. */
  static ExperimentRuns.Run require(ExperimentRuns runs, String id) {
    if (!RUN_ID.matcher(id).matches()) {
      throw new BadRequestResponse("bad run id: expected letters, digits, '_' or '-'");
    }
    return runs.run(id).orElseThrow(() -> new NotFoundResponse("no such run"));
  }
}
