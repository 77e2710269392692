package dev.mlintern.web;

/**
 * Server-side HTML: every value that reaches a page goes through {@link #text} (or {@link #attr}),
 * so tool output containing {@code <script>} is shown as text. {@link #page} wraps a body in the
 * common layout.
 */
final class Html {
  private Html() {}

  /** Escapes text for element content and double-quoted attributes alike. */
  static String text(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static String attr(Object value) {
    return text(value);
  }

  /** Escapes a path segment (session ids, job ids, file names) for use inside a URL. */
  static String url(String segment) {
    return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  /**
   * The layout: head with the WebJar assets, the CSRF token for htmx requests, a nav bar; {@code
   * session} (nullable) adds the session's tabs.
   */
  static String page(String title, String csrf, String session, String body) {
    StringBuilder nav =
        new StringBuilder(
            "<nav><a href=\"/\">Sessions</a> <a href=\"/new\">New session</a>"
                + " <a href=\"/jobs\">Every job</a> <a href=\"/experiments\">Every experiment</a>");
    if (session != null) {
      String base = "/sessions/" + url(session);
      nav.append(" <span class=\"sep\">|</span> ")
          .append("<a href=\"")
          .append(base)
          .append("\">Timeline</a> ")
          .append("<a href=\"")
          .append(base)
          .append("/jobs\">Jobs</a> ")
          .append("<a href=\"")
          .append(base)
          .append("/experiments\">Experiments</a> ")
          .append("<a href=\"")
          .append(base)
          .append("/artifacts\">Artifacts</a> ")
          .append("<a href=\"")
          .append(base)
          .append("/report\">Report</a>");
    }
    nav.append("</nav>");
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<meta name=\"csrf-token\" content=\""
        + attr(csrf)
        + "\">"
        + "<title>"
        + text(title)
        + " · mlintern</title>"
        + "<link rel=\"stylesheet\" href=\"/assets/app.css\">"
        + "<link rel=\"stylesheet\" href=\"/assets/uPlot.min.css\">"
        + "<script src=\"/assets/htmx.min.js\"></script>"
        + "<script src=\"/assets/sse.js\"></script>"
        + "</head><body hx-headers='{\"X-CSRF-Token\": \""
        + attr(csrf)
        + "\"}'>"
        + nav
        + "<main>"
        + body
        + "</main></body></html>";
  }
}
