package dev.mlintern.lookup.web;

import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.lookup.Excerpt;
import dev.mlintern.lookup.HtmlMarkdown;
import dev.mlintern.lookup.Responses;
import dev.mlintern.lookup.Untrusted;
import dev.mlintern.research.http.Fetched;
import dev.mlintern.research.http.RateLimiter;
import dev.mlintern.research.http.WebFetcher;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The {@code web_fetch} tool: one web page as readable Markdown (HTML through jsoup; plain text,
 * Markdown and JSON as they are), cut to a window with an offset to read on. Pages are cached for a
 * day and always come back untrusted.
 */
public final class WebFetchTool extends DescribedTool<WebFetchTool.Input> {
  /** Which page, and where to continue a long one. */
  public record Input(
      @Param("the page's http or https address") String url,
      @Param(value = "continue a long page from this character offset", optional = true)
          Integer offset) {}

  private static final Duration TTL = Duration.ofHours(24);
  private final WebFetcher fetcher;
  private final RateLimiter limiter;

  public WebFetchTool(WebFetcher fetcher, RateLimiter limiter) {
    super("web_fetch", Input.class);
    this.fetcher = fetcher;
    this.limiter = limiter;
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    URI uri = parse(input.url());
    Fetched page =
        Responses.ok(fetcher.get("web_fetch", uri, Map.of(), TTL, limiter), uri.getHost(), "page");
    String type = page.contentType().toLowerCase(Locale.ROOT);
    String text;
    String title = uri.toString();
    if (type.contains("html") || (type.isEmpty() && page.text().stripLeading().startsWith("<"))) {
      Document doc = Jsoup.parse(page.text(), uri.toString());
      title = doc.title().isBlank() ? title : doc.title().strip();
      Element main = doc.selectFirst("main, article, [role=main]");
      text = HtmlMarkdown.of(main != null ? main : doc.body());
    } else if (type.startsWith("text/") || type.contains("json") || type.contains("xml")) {
      text = page.text();
    } else {
      throw new ToolException(
          uri
              + " is "
              + (type.isEmpty() ? "not text" : type)
              + ", which web_fetch cannot read; for a paper's PDF use papers read or library add");
    }
    Excerpt excerpt = Excerpt.of(text, input.offset(), Excerpt.MAX_CHARS);
    String head = title + " (" + page.origin().label() + ", " + excerpt.range() + "):";
    return Untrusted.result(head, uri.toString(), excerpt.withContinuation());
  }

  private static URI parse(String url) {
    try {
      URI uri = URI.create(url == null ? "" : url.strip());
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null) {
        return uri;
      }
    } catch (IllegalArgumentException e) {
      // explained below
    }
    throw new ToolException(
        "'"
            + url
            + "' is not an http(s) address; pass a full URL such as https://example.org/page");
  }
}
