package dev.mlintern.web;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.store.SessionInfo;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Optional;

/**
 * The session's jobs: a table that refreshes itself (htmx polling), each job's live log tail (htmx
 * SSE extension over the job's {@code job_log} events, lines escaped on the server) and a cancel
 * button.
 */
final class JobsPage {
  static final int TAIL_LINES = 200;

  private final WebEngine engine;
  private final Layout layout;
  private final EventStream stream;
  private final JobBoard board;

  JobsPage(WebEngine engine, Layout layout, EventStream stream, JobBoard board) {
    this.engine = engine;
    this.layout = layout;
    this.stream = stream;
    this.board = board;
  }

  void list(Context ctx) {
    SessionInfo s = SessionPage.require(engine, ctx);
    String base = "/sessions/" + Html.url(s.id()) + "/jobs";
    String body =
        "<h1>Jobs</h1><table class=\"jobs\"><thead><tr><th>Job</th><th>Executor</th><th>Command</th>"
            + "<th>State</th><th>Exit</th><th></th></tr></thead>"
            + "<tbody id=\"job-rows\" hx-get=\""
            + base
            + "/rows\" hx-trigger=\"every 2s\" hx-swap=\"innerHTML\">"
            + rows(s.id())
            + "</tbody></table>";
    layout.page(ctx, "Jobs", s.id(), body);
  }

  void rowsFragment(Context ctx) {
    SessionInfo s = SessionPage.require(engine, ctx);
    layout.fragment(ctx, rows(s.id()));
  }

  private String rows(String session) {
    List<JobRow> jobs = engine.jobs(session);
    if (jobs.isEmpty()) {
      return "<tr><td colspan=\"6\" class=\"empty\">No jobs yet.</td></tr>";
    }
    String base = "/sessions/" + Html.url(session) + "/jobs/";
    StringBuilder out = new StringBuilder();
    for (JobRow job : jobs) {
      out.append("<tr data-job=\"")
          .append(Html.attr(job.jobId()))
          .append("\"><td><a href=\"")
          .append(base)
          .append(Html.url(job.jobId()))
          .append("\">")
          .append(Html.text(job.jobId()))
          .append("</a></td><td>")
          .append(Html.text(job.executor()))
          .append("</td><td><code>")
          .append(Html.text(job.command()))
          .append("</code></td><td><span class=\"status ")
          .append(Html.attr(job.state()))
          .append("\">")
          .append(Html.text(job.state()))
          .append("</span>")
          .append(job.message() == null ? "" : " <small>" + Html.text(job.message()) + "</small>")
          .append("</td><td>")
          .append(job.exitCode() == null ? "" : job.exitCode())
          .append("</td><td>");
      if (!job.finished()) {
        out.append(cancelButton(base + Html.url(job.jobId()) + "/cancel"));
      }
      out.append("</td></tr>");
    }
    return out.toString();
  }

  private static String cancelButton(String action) {
    return "<button class=\"danger\" hx-post=\""
        + action
        + "\" hx-swap=\"none\""
        + " hx-confirm=\"Cancel this job?\">Cancel</button>";
  }

  void show(Context ctx) {
    SessionInfo s = SessionPage.require(engine, ctx);
    String jobId = ctx.pathParam("job");
    JobRow job =
        engine.jobs(s.id()).stream()
            .filter(j -> j.jobId().equals(jobId))
            .findFirst()
            .orElseThrow(() -> new NotFoundResponse("no job " + jobId + " in this session"));
    String base = "/sessions/" + Html.url(s.id()) + "/jobs/" + Html.url(jobId);
    StringBuilder lines = new StringBuilder();
    List<String> logged =
        job.finished()
            ? board
                .log(jobId, 0, AllJobsPage.LOG_PAGE_CHARS)
                .map(chunk -> chunk.lines())
                .orElseGet(() -> engine.jobLog(s.id(), jobId, TAIL_LINES))
            : engine.jobLog(s.id(), jobId, TAIL_LINES);
    logged.forEach(line -> lines.append(logLine(line)));
    String body =
        "<h1>Job "
            + Html.text(jobId)
            + "</h1><p><code>"
            + Html.text(job.command())
            + "</code> · <span class=\"status "
            + Html.attr(job.state())
            + "\">"
            + Html.text(job.state())
            + "</span> "
            + (job.finished() ? "" : cancelButton(base + "/cancel"))
            + " · <a href=\"/jobs/"
            + Html.url(jobId)
            + "/log\">Full log as text</a></p>"
            + "<div hx-ext=\"sse\" sse-connect=\""
            + base
            + "/log?after="
            + s.lastSeq()
            + "\">"
            + "<pre id=\"log\" class=\"log\" sse-swap=\"log\" hx-swap=\"beforeend\">"
            + lines
            + "</pre></div>";
    layout.page(ctx, "Job " + jobId, s.id(), body);
  }

  void logStream(SseClient client) {
    String session = client.ctx().pathParam("id");
    String jobId = client.ctx().pathParam("job");
    stream.follow(
        client,
        session,
        event -> {
          if (event.body() instanceof AgentEvent.JobLog log && log.jobId().equals(jobId)) {
            StringBuilder html = new StringBuilder();
            log.lines().forEach(line -> html.append(logLine(line)));
            return Optional.of(new EventStream.Message("log", html.toString()));
          }
          return Optional.empty();
        });
  }

  static String logLine(String line) {
    return "<span class=\"line\">" + Html.text(line) + "\n</span>";
  }

  void cancel(Context ctx) {
    SessionInfo s = SessionPage.require(engine, ctx);
    engine.cancelJob(s.id(), ctx.pathParam("job"));
    ctx.status(204);
  }
}
