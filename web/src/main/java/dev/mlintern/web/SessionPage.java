package dev.mlintern.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlintern.core.ApprovalReply;
import dev.mlintern.core.event.EventJson;
import dev.mlintern.core.store.SessionInfo;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * One session: the timeline (assistant text streaming in, tool calls and results, approvals,
 * notices) and the plan, both drawn in the browser by {@code timeline.js} from the event stream; a
 * message box and an interrupt button. Also the three inputs a person sends: a message, an approval
 * reply, an interrupt.
 */
final class SessionPage {
  private final WebEngine engine;
  private final Layout layout;

  SessionPage(WebEngine engine, Layout layout) {
    this.engine = engine;
    this.layout = layout;
  }

  static SessionInfo require(WebEngine engine, Context ctx) {
    String id = ctx.pathParam("id");
    return engine.session(id).orElseThrow(() -> new NotFoundResponse("no session " + id));
  }

  void show(Context ctx) {
    SessionInfo s = require(engine, ctx);
    String base = "/sessions/" + Html.url(s.id());
    String body =
        "<header class=\"session-head\"><h1 class=\"goal\">"
            + Html.text(s.goal())
            + "</h1>"
            + "<p class=\"meta\"><span class=\"status "
            + Html.attr(s.status())
            + "\" id=\"status\">"
            + Html.text(s.status())
            + "</span> · <span class=\"model\">"
            + Html.text(s.model())
            + "</span>"
            + " · <span id=\"cost\">$"
            + String.format(java.util.Locale.ROOT, "%.2f", s.usd())
            + "</span> · <a class=\"delete\" href=\""
            + base
            + "/delete\">Delete…</a></p>"
            + "</header>"
            + summary(s)
            + "<div class=\"session-grid\"><section><div id=\"timeline\" data-session=\""
            + Html.attr(s.id())
            + "\" data-base=\""
            + Html.attr(base)
            + "\" aria-live=\"polite\"></div>"
            + "<form class=\"composer\" hx-post=\""
            + base
            + "/messages\" hx-swap=\"none\">"
            + "<textarea name=\"text\" rows=\"2\" placeholder=\"Message the agent\" required></textarea>"
            + "<button type=\"submit\">Send</button>"
            + "<button type=\"button\" class=\"danger\" hx-post=\""
            + base
            + "/interrupt\" hx-swap=\"none\">"
            + "Interrupt</button></form></section>"
            + "<aside><h2>Plan</h2><ol id=\"plan\" class=\"plan\"><li class=\"empty\">No plan yet.</li></ol></aside>"
            + "</div><script src=\"/assets/timeline.js\"></script>";
    layout.page(ctx, s.goal(), s.id(), body);
  }

  /**
   * The result at a glance: status, the chosen model and its validation score (from {@code
   * result.json}, the number the report gives), the threshold met or not, time and money spent, and
   * links to the report, runs and jobs.
   */
  private String summary(SessionInfo s) {
    String base = "/sessions/" + Html.url(s.id());
    Optional<SessionResult> result = SessionResult.read(engine.workspace(s.id()), s.id());
    StringBuilder out =
        new StringBuilder("<section class=\"summary\" id=\"summary\"><dl>")
            .append(item("Status", Html.text(s.status())));
    result.ifPresent(
        r -> {
          if (r.chosen() != null) {
            out.append(item("Chosen model", Html.text(r.chosen())));
          }
          if (!r.score().isEmpty()) {
            out.append(item("Validation score", Html.text(r.score())));
          }
          if (!r.verdict().isEmpty()) {
            out.append(
                item(
                    "Threshold",
                    "<span class=\""
                        + (r.met() ? "met" : "not-met")
                        + "\">"
                        + Html.text(r.verdict())
                        + "</span>"));
          }
        });
    out.append(item("Time", Readable.duration(s.created(), s.updated(), Instant.now())))
        .append(item("Cost", String.format(Locale.ROOT, "$%.2f", s.usd())))
        .append(
            item(
                "Links",
                (engine.report(s.id()).isPresent()
                        ? "<a href=\"" + base + "/report\">Report</a> · "
                        : "")
                    + "<a href=\""
                    + base
                    + "/experiments\">Runs</a> · <a href=\""
                    + base
                    + "/jobs\">Jobs</a>"));
    return out.append("</dl></section>").toString();
  }

  private static String item(String name, String html) {
    return "<div><dt>" + name + "</dt><dd>" + html + "</dd></div>";
  }

  void message(Context ctx) {
    SessionInfo s = require(engine, ctx);
    String text = SessionsPage.blankToNull(ctx.formParam("text"));
    if (text == null) {
      throw new BadRequestResponse("the message is empty");
    }
    engine.send(s.id(), text);
    ctx.status(204);
  }

  void reply(Context ctx) {
    SessionInfo s = require(engine, ctx);
    String call = ctx.pathParam("call");
    String outcome = ctx.formParam("outcome");
    ApprovalReply reply;
    if ("approved".equals(outcome)) {
      reply = ApprovalReply.approve(call);
    } else if ("approved_edited".equals(outcome)) {
      String arguments = SessionsPage.blankToNull(ctx.formParam("arguments"));
      if (arguments == null) {
        throw new BadRequestResponse("edited arguments are empty");
      }
      try {
        EventJson.mapper().readTree(arguments);
      } catch (JsonProcessingException e) {
        throw new BadRequestResponse(
            "edited arguments are not valid JSON: " + e.getOriginalMessage());
      }
      reply = ApprovalReply.approveEdited(call, arguments);
    } else if ("rejected".equals(outcome)) {
      String feedback = ctx.formParam("feedback");
      reply = ApprovalReply.reject(call, feedback == null ? "" : feedback);
    } else {
      throw new BadRequestResponse("outcome must be approved, approved_edited or rejected");
    }
    if (!engine.reply(s.id(), reply)) {
      throw new io.javalin.http.ConflictResponse(
          "call " + call + " is not waiting for approval any more");
    }
    ctx.status(204);
  }

  void interrupt(Context ctx) {
    engine.interrupt(require(engine, ctx).id());
    ctx.status(204);
  }
}
