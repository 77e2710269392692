package dev.mlintern.web;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.net.URI;

/**
 * Runs before every request. Authentication: {@code ?token=} on a GET trades the printed token for
 * an HttpOnly, SameSite=Strict cookie and redirects to the same page without it; otherwise the
 * cookie (or an {@code Authorization: Bearer} header, for scripts) must carry the token, or the
 * answer is 401. Cross-site requests: a state-changing request must come from our own origin
 * ({@code Origin} and {@code Sec-Fetch-Site} when the browser sends them) and carry the CSRF token,
 * unless it authenticated with a bearer header, which browsers never attach on their own.
 */
final class Guard {
  static final String COOKIE = "mlintern_token";
  static final String CSRF_HEADER = "X-CSRF-Token";
  static final String CSRF_FIELD = "_csrf";

  private final AccessToken token;

  Guard(AccessToken token) {
    this.token = token;
  }

  void check(Context ctx) {
    String offered = ctx.queryParam("token");
    if (offered != null && ctx.method() == HandlerType.GET) {
      if (!token.matches(offered)) {
        deny(
            ctx,
            401,
            "this token is not valid (it may have been rotated); open the URL `mlintern web` printed");
        return;
      }
      ctx.header(
          "Set-Cookie", COOKIE + "=" + token.value() + "; Path=/; HttpOnly; SameSite=Strict");
      ctx.header("Cache-Control", "no-store");
      ctx.redirect(ctx.path());
      ctx.skipRemainingHandlers();
      return;
    }
    boolean bearer = token.matches(bearer(ctx.header("Authorization")));
    if (!bearer && !token.matches(ctx.cookie(COOKIE))) {
      deny(
          ctx,
          401,
          "sign in by opening the URL `mlintern web` printed (it carries the access token)");
      return;
    }
    if (changesState(ctx.method()) && !bearer) {
      String refusal = crossSite(ctx);
      if (refusal != null) {
        deny(ctx, 403, refusal);
      }
    }
  }

  private String crossSite(Context ctx) {
    String site = ctx.header("Sec-Fetch-Site");
    if (site != null && !site.equals("same-origin") && !site.equals("none")) {
      return "cross-site request refused (Sec-Fetch-Site: " + site + ")";
    }
    String origin = ctx.header("Origin");
    if (origin != null && !sameOrigin(origin, ctx.header("Host"))) {
      return "cross-origin request refused (Origin: " + origin + ")";
    }
    String csrf = ctx.header(CSRF_HEADER);
    if (csrf == null && isForm(ctx.contentType())) {
      csrf = ctx.formParam(CSRF_FIELD);
    }
    if (csrf == null || !csrf.equals(token.csrf())) {
      return "missing or wrong CSRF token; reload the page and try again";
    }
    return null;
  }

  private static boolean isForm(String contentType) {
    return contentType != null
        && (contentType.startsWith("application/x-www-form-urlencoded")
            || contentType.startsWith("multipart/form-data"));
  }

  private static boolean sameOrigin(String origin, String host) {
    if (host == null || origin.equals("null")) {
      return false;
    }
    try {
      URI uri = URI.create(origin);
      String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
      String scheme = uri.getScheme();
      return authority != null
          && authority.equalsIgnoreCase(host)
          && ("http".equals(scheme) || "https".equals(scheme));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean changesState(HandlerType method) {
    return method != HandlerType.GET && method != HandlerType.HEAD && method != HandlerType.OPTIONS;
  }

  private static String bearer(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return null;
    }
    return header.substring(7).strip();
  }

  private static void deny(Context ctx, int status, String message) {
    ctx.status(status).contentType("text/plain; charset=utf-8").result(message + "\n");
    ctx.skipRemainingHandlers();
  }
}
