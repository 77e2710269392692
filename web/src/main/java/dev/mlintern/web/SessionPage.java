package dev.mlintern.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlintern.core.ApprovalReply;
import dev.mlintern.core.event.EventJson;
import dev.mlintern.core.store.SessionInfo;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;

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
            + "</span></p>"
            + "</header>"
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
