package dev.mlintern.web;

import dev.mlintern.core.store.SessionActiveException;
import dev.mlintern.core.store.SessionDeletion;
import dev.mlintern.core.store.SessionInfo;
import io.javalin.http.ConflictResponse;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.NotFoundResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Deleting a session, asked first: the confirmation page offers to keep or remove the session's
 * {@code mlintern-runs/<session>} folder (the project's other files are never touched), and the
 * form posts with the CSRF token like every other form. A running session is refused with 409.
 */
final class DeletePage {
  private final WebEngine engine;
  private final Layout layout;

  DeletePage(WebEngine engine, Layout layout) {
    this.engine = engine;
    this.layout = layout;
  }

  void confirm(Context ctx) {
    SessionInfo s = SessionPage.require(engine, ctx);
    String base = "/sessions/" + Html.url(s.id());
    Optional<Path> outputs = SessionDeletion.outputs(s).filter(Files::isDirectory);
    String body =
        "<h1>Delete session?</h1><p class=\"goal\">"
            + Html.text(SessionsPage.headline(s.goal()))
            + " <code>"
            + Html.text(s.id())
            + "</code></p>"
            + (SessionDeletion.isActive(s)
                ? "<p class=\"refusal\">This session is "
                    + Html.text(s.status())
                    + "; interrupt it (or let it finish) before deleting it.</p>"
                : form(base, outputs))
            + "<p><a href=\""
            + base
            + "\">Back to the session</a></p>";
    layout.page(ctx, "Delete session", s.id(), body);
  }

  private String form(String base, Optional<Path> outputs) {
    String choice =
        outputs
            .map(
                folder ->
                    "<fieldset><legend>Its outputs folder <code>"
                        + Html.text(folder.toString())
                        + "</code></legend><label><input type=\"radio\" name=\"outputs\""
                        + " value=\"keep\" checked> Keep it</label><label><input type=\"radio\""
                        + " name=\"outputs\" value=\"remove\"> Remove it</label></fieldset>")
            .orElse("<p>It has no outputs folder in its project.</p>");
    return "<p>Its history (events, messages, jobs as recorded) goes; the project's own files stay.</p>"
        + "<form class=\"delete-session\" method=\"post\" action=\""
        + base
        + "/delete\"><input type=\"hidden\" name=\""
        + Guard.CSRF_FIELD
        + "\" value=\""
        + Html.attr(layout.csrf())
        + "\">"
        + choice
        + "<button type=\"submit\" class=\"danger\">Delete session</button></form>";
  }

  void delete(Context ctx) {
    String id = ctx.pathParam("id");
    try {
      if (engine.delete(id, "remove".equals(ctx.formParam("outputs"))).isEmpty()) {
        throw new NotFoundResponse("no session " + id);
      }
    } catch (IllegalArgumentException e) {
      throw new NotFoundResponse("no session " + id);
    } catch (SessionActiveException e) {
      throw new ConflictResponse(e.getMessage());
    }
    ctx.redirect("/", HttpStatus.SEE_OTHER);
  }
}
