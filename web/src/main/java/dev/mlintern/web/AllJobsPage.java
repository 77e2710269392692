package dev.mlintern.web;

import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.LogChunk;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The global jobs pages: {@code /jobs} lists every job of every executor and session, CLI jobs
 * included, filtered by {@code state}, {@code executor} and {@code session} ({@code session=cli}:
 * jobs without one), one server-rendered page at a time; {@code /jobs/ID} shows one with its log
 * and {@code /jobs/ID/log?offset=} returns the log as text/plain, secrets redacted.
 */
final class AllJobsPage {
  static final int PAGE_SIZE = 50;
  static final int LOG_PAGE_CHARS = 200_000;
  private static final Pattern JOB_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
  private static final Pattern FILTER = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

  private final JobBoard board;
  private final Layout layout;

  AllJobsPage(JobBoard board, Layout layout) {
    this.board = board;
    this.layout = layout;
  }

  void list(Context ctx) {
    JobBoard.Filter filter =
        new JobBoard.Filter(
            filter(ctx, "state") == null ? null : filter(ctx, "state").toUpperCase(Locale.ROOT),
            filter(ctx, "executor"),
            "cli".equals(filter(ctx, "session")) ? "" : filter(ctx, "session"));
    int offset = Math.max(0, ctx.queryParamAsClass("offset", Integer.class).getOrDefault(0));
    List<JobRecord> jobs = board.page(filter, offset, PAGE_SIZE + 1);
    Instant now = Instant.now();
    StringBuilder rows = new StringBuilder();
    for (JobRecord job : jobs.subList(0, Math.min(PAGE_SIZE, jobs.size()))) {
      rows.append(row(job, now));
    }
    if (jobs.isEmpty()) {
      rows.append("<tr><td colspan=\"9\" class=\"empty\">No jobs.</td></tr>");
    }
    String more =
        jobs.size() > PAGE_SIZE
            ? "<p><a id=\"next-page\" href=\"/jobs?"
                + Html.attr(query(ctx, offset + PAGE_SIZE))
                + "\">Older jobs</a></p>"
            : "";
    String body =
        "<h1>All jobs</h1>"
            + filterForm(ctx)
            + "<table class=\"jobs\" id=\"all-jobs\"><thead><tr><th>Job</th><th>State</th>"
            + "<th>Executor</th><th>Command</th><th>Submitted</th><th>Duration</th><th>Cost</th>"
            + "<th>Metric</th><th>Session</th></tr></thead><tbody>"
            + rows
            + "</tbody></table>"
            + more;
    layout.page(ctx, "All jobs", null, body);
  }

  private String row(JobRecord job, Instant now) {
    String session =
        job.sessionId() == null
            ? "<span class=\"muted\">CLI</span>"
            : "<a href=\"/sessions/"
                + Html.url(job.sessionId())
                + "\">"
                + Html.text(job.sessionId())
                + "</a>";
    return "<tr data-job=\""
        + Html.attr(job.id())
        + "\"><td><a href=\"/jobs/"
        + Html.url(job.id())
        + "\">"
        + Html.text(job.id())
        + "</a></td><td>"
        + state(job)
        + "</td><td>"
        + Html.text(job.executor())
        + "</td><td><code>"
        + Html.text(job.command())
        + "</code></td><td>"
        + Readable.time(job.submittedAt())
        + "</td><td>"
        + Readable.duration(job.submittedAt(), job.endedAt(), now)
        + "</td><td>"
        + cost(job)
        + "</td><td class=\"metric\">"
        + metric(job)
        + "</td><td>"
        + session
        + "</td></tr>";
  }

  /** The job's last reported metric, {@code name value}; empty when it reported none. */
  private String metric(JobRecord job) {
    return board
        .lastMetric(job.id())
        .map(p -> Html.text(p.name()) + " " + String.format(Locale.ROOT, "%.4g", p.value()))
        .orElse("");
  }

  private static String state(JobRecord job) {
    String state = job.state().name().toLowerCase(Locale.ROOT);
    return "<span class=\"status " + Html.attr(state) + "\">" + Html.text(state) + "</span>";
  }

  private static String cost(JobRecord job) {
    double usd = job.costUsd() != null ? job.costUsd() : job.estimatedUsd();
    return usd == 0 ? "" : String.format(Locale.ROOT, "$%.2f", usd);
  }

  private static String filterForm(Context ctx) {
    return "<form class=\"filters\" method=\"get\" action=\"/jobs\">"
        + field(ctx, "state", "state")
        + field(ctx, "executor", "executor")
        + field(ctx, "session", "session (cli: none)")
        + "<button type=\"submit\">Filter</button></form>";
  }

  private static String field(Context ctx, String name, String placeholder) {
    String value = ctx.queryParam(name);
    return "<input name=\""
        + name
        + "\" placeholder=\""
        + Html.attr(placeholder)
        + "\" value=\""
        + Html.attr(value == null ? "" : value)
        + "\">";
  }

  private static String query(Context ctx, int offset) {
    StringBuilder q = new StringBuilder();
    for (String name : List.of("state", "executor", "session")) {
      String value = filter(ctx, name);
      if (value != null) {
        q.append(name).append('=').append(Html.url(value)).append('&');
      }
    }
    return q.append("offset=").append(offset).toString();
  }

  /** A filter parameter, null when absent or blank; refused when it is not a plain name. */
  private static String filter(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    if (!FILTER.matcher(value).matches()) {
      throw new BadRequestResponse("bad " + name + " filter: use letters, digits, '.', '_' or '-'");
    }
    return value;
  }

  void show(Context ctx) {
    JobRecord job = require(board, ctx);
    LogChunk log = board.log(job.id(), 0, LOG_PAGE_CHARS).orElseThrow();
    StringBuilder lines = new StringBuilder();
    log.lines().forEach(line -> lines.append(JobsPage.logLine(line)));
    String metric = metric(job);
    String body =
        "<h1>Job "
            + Html.text(job.id())
            + "</h1><p><code>"
            + Html.text(job.command())
            + "</code> · "
            + state(job)
            + " · "
            + Html.text(job.executor())
            + " · submitted "
            + Readable.time(job.submittedAt())
            + " · "
            + Readable.duration(job.submittedAt(), job.endedAt(), Instant.now())
            + (metric.isEmpty() ? "" : " · " + metric)
            + "</p><p><a href=\"/jobs/"
            + Html.url(job.id())
            + "/log\">Full log as text</a></p><pre id=\"log\" class=\"log\">"
            + lines
            + "</pre>"
            + (log.truncated()
                ? "<p><a href=\"/jobs/"
                    + Html.url(job.id())
                    + "/log?offset="
                    + log.nextOffset()
                    + "\">Rest of the log</a></p>"
                : "");
    layout.page(ctx, "Job " + job.id(), job.sessionId(), body);
  }

  void log(Context ctx) {
    JobRecord job = require(board, ctx);
    long offset = Math.max(0, ctx.queryParamAsClass("offset", Long.class).getOrDefault(0L));
    LogChunk chunk = board.log(job.id(), offset, LOG_PAGE_CHARS).orElseThrow();
    ctx.header("X-Next-Offset", Long.toString(chunk.nextOffset()));
    ctx.contentType("text/plain; charset=utf-8");
    ctx.result(
        layout.redact(chunk.lines().isEmpty() ? "" : String.join("\n", chunk.lines()) + "\n"));
  }

  /** The job named by the path; a malformed id is refused before any lookup. */
  static JobRecord require(JobBoard board, Context ctx) {
    String id = ctx.pathParam("job");
    if (!JOB_ID.matcher(id).matches()) {
      throw new BadRequestResponse("bad job id: expected letters, digits, '_' or '-'");
    }
    return board.job(id).orElseThrow(() -> new NotFoundResponse("no such job"));
  }
}
