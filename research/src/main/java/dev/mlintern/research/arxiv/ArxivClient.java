package dev.mlintern.research.arxiv;

import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import dev.mlintern.research.http.Answer;
import dev.mlintern.research.http.Fetched;
import dev.mlintern.research.http.Origin;
import dev.mlintern.research.http.RateLimiter;
import dev.mlintern.research.http.WebFetcher;
import dev.mlintern.research.paper.Paper;
import dev.mlintern.research.paper.PaperId;
import dev.mlintern.research.read.HtmlPaper;
import dev.mlintern.research.read.PaperDocument;
import dev.mlintern.research.read.PdfPaper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * arXiv: the Atom query API (search syntax such as {@code ti:transformer AND cat:cs.CL}, id lists
 * with versioned and old-style ids, paging) and full text — the LaTeXML HTML rendering split into
 * sections, or the PDF when a paper has no HTML. Every request to arXiv, API or not, goes through
 * one {@link RateLimiter} because arXiv asks for at most one request every three seconds; cached
 * answers skip it.
 */
public final class ArxivClient {
  public static final Duration MIN_INTERVAL = Duration.ofSeconds(3);
  public static final int PAGE_SIZE = 100;
  private static final String SERVICE = "arXiv";
  private static final Duration QUERY_TTL = Duration.ofHours(12);
  private static final Duration TEXT_TTL = Duration.ofDays(30);

  private final WebFetcher fetcher;
  private final String apiBase;
  private final String webBase;
  private final RateLimiter limiter;

  /**
   * {@code apiBase} serves {@code /api/query}; {@code webBase} serves {@code /html/ID} and {@code
   * /pdf/ID}.
   */
  public ArxivClient(WebFetcher fetcher, String apiBase, String webBase, RateLimiter limiter) {
    this.fetcher = fetcher;
    this.apiBase = strip(apiBase);
    this.webBase = strip(webBase);
    this.limiter = limiter;
  }

  /**
   * Up to {@code limit} papers matching an arXiv search query, following pages of {@link
   * #PAGE_SIZE}.
   */
  public Answer<List<Paper>> search(String query, int limit) {
    if (query == null || query.isBlank()) {
      throw new ResearchException(
          Kind.BAD_REQUEST,
          "the arXiv query is empty; pass words or field terms such as "
              + "ti:transformer AND cat:cs.CL");
    }
    List<Paper> papers = new ArrayList<>();
    Origin origin = null;
    int start = 0;
    int emptyRetries = 0;
    while (papers.size() < limit) {
      int size = Math.min(PAGE_SIZE, limit - papers.size());
      String params =
          "search_query="
              + enc(query)
              + "&start="
              + start
              + "&max_results="
              + size
              + "&sortBy=relevance&sortOrder=descending";
      // arXiv sometimes answers a page with no entries although more exist; ask again, past the
      // cache, twice at most
      Answer<AtomFeed> page = query(params, emptyRetries == 0 ? QUERY_TTL : Duration.ZERO);
      origin = Origin.combine(origin, page.origin());
      List<Paper> found = page.value().papers();
      if (found.isEmpty() && start < page.value().totalResults() && emptyRetries < 2) {
        emptyRetries++;
        continue;
      }
      emptyRetries = 0;
      papers.addAll(found);
      start += found.size();
      if (found.isEmpty() || start >= page.value().totalResults()) {
        break;
      }
    }
    return new Answer<>(List.copyOf(papers.subList(0, Math.min(limit, papers.size()))), origin);
  }

  /** The papers with these ids; ids arXiv does not know are left out, as the API does. */
  public Answer<List<Paper>> byIds(List<PaperId> ids) {
    if (ids.isEmpty()) {
      return new Answer<>(List.of(), Origin.CACHE);
    }
    List<String> values = new ArrayList<>();
    for (PaperId id : ids) {
      requireArxiv(id);
      values.add(id.value());
    }
    Answer<AtomFeed> feed =
        query(
            "id_list=" + enc(String.join(",", values)) + "&start=0&max_results=" + ids.size(),
            QUERY_TTL);
    return new Answer<>(feed.value().papers(), feed.origin());
  }

  public Answer<Paper> paper(PaperId id) {
    Answer<List<Paper>> found = byIds(List.of(id));
    if (found.value().isEmpty()) {
      throw new ResearchException(
          Kind.NOT_FOUND,
          "arXiv has no paper "
              + id
              + "; check the id (e.g. 1706.03762 or "
              + "hep-th/9901001), or search for the title");
    }
    return new Answer<>(found.value().get(0), found.origin());
  }

  /** The full text: the HTML rendering when arXiv has one, else the PDF. */
  public Answer<PaperDocument> read(PaperId id) {
    requireArxiv(id);
    Fetched html =
        fetcher.get(
            SERVICE, URI.create(webBase + "/html/" + id.value()), Map.of(), TEXT_TTL, limiter);
    if (html.ok() && !isPdf(html)) {
      return new Answer<>(HtmlPaper.parse(id.toString(), html.body()), html.origin());
    }
    if (html.status() != 404 && !html.ok()) {
      throw new ResearchException(
          Kind.UNAVAILABLE, "arXiv answered HTTP " + html.status() + " for the HTML of " + id);
    }
    Fetched pdf =
        fetcher.get(
            SERVICE, URI.create(webBase + "/pdf/" + id.value()), Map.of(), TEXT_TTL, limiter);
    if (pdf.status() == 404) {
      throw new ResearchException(
          Kind.NOT_FOUND, "arXiv has neither HTML nor PDF for " + id + "; check the id");
    }
    if (!pdf.ok()) {
      throw new ResearchException(
          Kind.UNAVAILABLE, "arXiv answered HTTP " + pdf.status() + " for the PDF of " + id);
    }
    PaperDocument doc = PdfPaper.parse(id.toString(), pdf.body());
    List<String> notes = new ArrayList<>(doc.notes());
    notes.add(0, "arXiv has no HTML rendering of this paper; this text was extracted from the PDF");
    return new Answer<>(
        new PaperDocument(
            doc.source(),
            doc.format(),
            doc.title(),
            doc.abstractText(),
            doc.sections(),
            doc.references(),
            notes),
        Origin.combine(html.origin(), pdf.origin()));
  }

  private Answer<AtomFeed> query(String params, Duration ttl) {
    Fetched fetched =
        fetcher.get(
            SERVICE,
            URI.create(apiBase + "/api/query?" + params),
            Map.of("Accept", "application/atom+xml"),
            ttl,
            limiter);
    AtomFeed feed = AtomFeed.parse(fetched.body());
    if (feed != null && feed.error() != null) {
      throw new ResearchException(
          Kind.BAD_REQUEST,
          "arXiv rejected the request: "
              + feed.error()
              + "; arXiv ids look like 2104.12255, 2104.12255v2 or hep-th/9901001");
    }
    if (!fetched.ok() || feed == null) {
      throw new ResearchException(
          fetched.status() == 400 ? Kind.BAD_REQUEST : Kind.UNAVAILABLE,
          "arXiv answered HTTP "
              + fetched.status()
              + " with no usable feed; check the query syntax and try again");
    }
    return new Answer<>(feed, fetched.origin());
  }

  private static boolean isPdf(Fetched fetched) {
    return fetched.contentType().contains("pdf")
        || (fetched.body().length > 4
            && new String(fetched.body(), 0, 5, StandardCharsets.ISO_8859_1).equals("%PDF-"));
  }

  private static void requireArxiv(PaperId id) {
    if (!id.isArxiv()) {
      throw new ResearchException(
          Kind.BAD_REQUEST,
          id
              + " is not an arXiv id; arXiv ids look like 2104.12255 or "
              + "hep-th/9901001 (use papers details to find a paper's arXiv id)");
    }
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String strip(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
