package dev.mlintern.web;

import dev.mlintern.core.secret.Secrets;
import io.javalin.http.Context;

/**
 * Sends pages and fragments: wraps bodies in {@link Html#page}, and removes declared secrets and
 * known token shapes from everything rendered — the store redacts events already; this is the last
 * defence for the page.
 */
final class Layout {
  private final AccessToken token;
  private final Secrets secrets;

  Layout(AccessToken token, Secrets secrets) {
    this.token = token;
    this.secrets = secrets;
  }

  void page(Context ctx, String title, String session, String body) {
    ctx.html(secrets.redact(Html.page(title, token.csrf(), session, body)));
  }

  void fragment(Context ctx, String html) {
    ctx.html(secrets.redact(html));
  }

  String csrf() {
    return token.csrf();
  }

  String redact(String text) {
    return secrets.redact(text);
  }
}
