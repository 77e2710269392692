package dev.mlintern.web;

import dev.mlintern.core.store.SessionInfo;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The sessions list (goal, status, model, cost, best metric) and the new-session form, whose
 * project folder must lie under {@code root}.
 */
final class SessionsPage {
  private final WebEngine engine;
  private final Layout layout;
  private final WorkspaceRoot root;

  SessionsPage(WebEngine engine, Layout layout, WorkspaceRoot root) {
    this.engine = engine;
    this.layout = layout;
    this.root = root;
  }

  /**
   * The goal's first sentence or line, at most 140 characters; the whole goal is the link's title.
   */
  static String headline(String goal) {
    if (goal == null) {
      return "";
    }
    String first = goal.strip().split("\\R", 2)[0];
    int stop = first.indexOf(". ");
    if (stop > 20) {
      first = first.substring(0, stop + 1);
    }
    return first.length() <= 140 ? first : first.substring(0, 139) + "…";
  }

  void list(Context ctx) {
    String q = blankToNull(ctx.queryParam("q"));
    String status = blankToNull(ctx.queryParam("status"));
    StringBuilder rows = new StringBuilder();
    for (SessionInfo s : engine.sessions()) {
      if (!matches(s, q, status)) {
        continue;
      }
      String best =
          SessionResult.read(engine.workspace(s.id()), s.id())
              .map(SessionResult::score)
              .filter(score -> !score.isEmpty())
              .orElseGet(
                  () -> BestMetric.of(engine.ledger(s.id())).map(BestMetric::display).orElse(""));
      rows.append("<tr data-session=\"")
          .append(Html.attr(s.id()))
          .append("\">")
          .append("<td><a href=\"/sessions/")
          .append(Html.url(s.id()))
          .append("\" title=\"")
          .append(Html.attr(s.goal()))
          .append("\">")
          .append(Html.text(headline(s.goal())))
          .append("</a></td>")
          .append("<td><span class=\"status ")
          .append(Html.attr(s.status()))
          .append("\">")
          .append(Html.text(s.status()))
          .append("</span></td>")
          .append("<td>")
          .append(Html.text(s.model()))
          .append("</td>")
          .append("<td class=\"num\">$")
          .append(String.format(Locale.ROOT, "%.2f", s.usd()))
          .append("</td>")
          .append("<td>")
          .append(Html.text(best))
          .append("</td>")
          .append("<td>")
          .append(Readable.time(s.updated()))
          .append("</td><td><a class=\"delete\" href=\"/sessions/")
          .append(Html.url(s.id()))
          .append("/delete\">Delete…</a></td></tr>");
    }
    String body =
        "<h1>Sessions</h1><p><a class=\"button\" href=\"/new\">New session</a></p>"
            + "<form class=\"filters\" method=\"get\" action=\"/\"><input name=\"q\" placeholder=\"search goals\""
            + " value=\""
            + Html.attr(q == null ? "" : q)
            + "\"><input name=\"status\" placeholder=\"status\" value=\""
            + Html.attr(status == null ? "" : status)
            + "\"><button type=\"submit\">Filter</button></form>"
            + (rows.length() == 0
                ? "<p class=\"empty\">"
                    + (q == null && status == null ? "No sessions yet." : "No session matches.")
                    + "</p>"
                : "<table class=\"sessions\"><thead><tr><th>Goal</th><th>Status</th><th>Model</th><th>Cost</th>"
                    + "<th title=\"the chosen model's validation score, else the best run's\">Score</th><th>Updated</th><th></th></tr></thead><tbody>"
                    + rows
                    + "</tbody></table>");
    layout.page(ctx, "Sessions", null, body);
  }

  /** Whether the session's goal or id contains {@code q} and its status is {@code status}. */
  private static boolean matches(SessionInfo s, String q, String status) {
    String needle = q == null ? "" : q.toLowerCase(Locale.ROOT);
    boolean text =
        (s.goal() != null && s.goal().toLowerCase(Locale.ROOT).contains(needle))
            || s.id().contains(needle);
    return text && (status == null || status.equalsIgnoreCase(s.status()));
  }

  void form(Context ctx) {
    String body =
        "<h1>New session</h1><form class=\"new-session\" method=\"post\" action=\"/sessions\">"
            + "<input type=\"hidden\" name=\""
            + Guard.CSRF_FIELD
            + "\" value=\""
            + Html.attr(layout.csrf())
            + "\">"
            + "<label>Goal<textarea name=\"goal\" required rows=\"3\""
            + " placeholder=\"Train a classifier for … and report validation accuracy\"></textarea></label>"
            + "<label>Project folder<input name=\"workspace\" placeholder=\"a folder under "
            + Html.attr(root.path())
            + " (blank: a private workspace)\"></label>"
            + "<label>Data<input name=\"data\" placeholder=\"a Hub dataset id or a path\"></label>"
            + "<label>Model<input name=\"model\" placeholder=\"autopilot, anthropic:claude-sonnet-4-5, …\"></label>"
            + "<label>Budget (USD)<input name=\"maxUsd\" type=\"number\" step=\"0.01\" min=\"0\"></label>"
            + "<label>Time budget (minutes)<input name=\"maxMinutes\" type=\"number\" min=\"1\"></label>"
            + "<label>Executor<select name=\"executor\"><option value=\"local\">local</option>"
            + "<option value=\"slurm\">slurm</option><option value=\"hf-jobs\">hf-jobs</option></select></label>"
            + "<button type=\"submit\">Start</button></form>";
    layout.page(ctx, "New session", null, body);
  }

  void create(Context ctx) {
    String goal = blankToNull(ctx.formParam("goal"));
    if (goal == null) {
      throw new BadRequestResponse("a goal is required");
    }
    Path workspace = root.resolve(ctx.formParam("workspace"));
    NewSession request =
        new NewSession(
            goal,
            blankToNull(ctx.formParam("data")),
            blankToNull(ctx.formParam("model")),
            parse(ctx.formParam("maxUsd"), "budget (USD)", Double::valueOf),
            parse(ctx.formParam("maxMinutes"), "time budget (minutes)", Integer::valueOf),
            blankToNull(ctx.formParam("executor")),
            workspace);
    String id = engine.start(request);
    ctx.redirect("/sessions/" + Html.url(id), io.javalin.http.HttpStatus.SEE_OTHER);
  }

  private static <T> T parse(
      String value, String what, java.util.function.Function<String, T> parser) {
    String v = blankToNull(value);
    if (v == null) {
      return null;
    }
    try {
      return parser.apply(v.strip());
    } catch (NumberFormatException e) {
      throw new BadRequestResponse(what + " must be a number, got '" + v + "'");
    }
  }

  static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
