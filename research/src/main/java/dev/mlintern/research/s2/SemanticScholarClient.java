package dev.mlintern.research.s2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import dev.mlintern.research.http.Answer;
import dev.mlintern.research.http.Fetched;
import dev.mlintern.research.http.RateLimiter;
import dev.mlintern.research.http.WebFetcher;
import dev.mlintern.research.paper.Paper;
import dev.mlintern.research.paper.PaperId;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Semantic Scholar's Graph and Recommendations APIs: one paper, its citations and references (with
 * contexts, intents and influential flags), keyword search and recommendations. Sends {@code
 * x-api-key} when an {@code S2_API_KEY} is given. S2 answers 429 without Retry-After, so the
 * fetcher backs off exponentially.
 */
public final class SemanticScholarClient {
  static final String PAPER_FIELDS =
      "paperId,externalIds,title,abstract,year,publicationDate,authors,citationCount,influentialCitationCount,url";
  static final String EDGE_FIELDS = "contexts,intents,isInfluential," + PAPER_FIELDS;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVICE = "Semantic Scholar";
  private static final Duration TTL = Duration.ofDays(7);
  private static final Duration SEARCH_TTL = Duration.ofHours(12);

  private final WebFetcher fetcher;
  private final String base;
  private final RateLimiter limiter;
  private final Map<String, String> headers;

  public SemanticScholarClient(
      WebFetcher fetcher, String base, Optional<String> apiKey, RateLimiter limiter) {
    this.fetcher = fetcher;
    this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.limiter = limiter;
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Accept", "application/json");
    apiKey.filter(k -> !k.isBlank()).ifPresent(k -> h.put("x-api-key", k));
    this.headers = Map.copyOf(h);
  }

  public Answer<Paper> paper(PaperId id) {
    Fetched fetched = get("/graph/v1/paper/" + path(id) + "?fields=" + PAPER_FIELDS, TTL, id);
    return new Answer<>(toPaper(fetched.json(SERVICE)), fetched.origin());
  }

  /** Papers that cite {@code id}, most recent S2 order, at most {@code limit} (≤ 1000). */
  public Answer<List<CitationEdge>> citations(PaperId id, int limit) {
    return edges(id, "citations", "citingPaper", limit);
  }

  /** Papers that {@code id} cites, at most {@code limit} (≤ 1000). */
  public Answer<List<CitationEdge>> references(PaperId id, int limit) {
    return edges(id, "references", "citedPaper", limit);
  }

  public Answer<List<Paper>> search(String query, int limit) {
    if (query == null || query.isBlank()) {
      throw new ResearchException(
          Kind.BAD_REQUEST, "the search query is empty; pass words from the topic or title");
    }
    Fetched fetched =
        get(
            "/graph/v1/paper/search?query="
                + enc(query)
                + "&limit="
                + Math.min(100, limit)
                + "&fields="
                + PAPER_FIELDS,
            SEARCH_TTL,
            null);
    List<Paper> papers = new ArrayList<>();
    fetched.json(SERVICE).path("data").forEach(node -> papers.add(toPaper(node)));
    return new Answer<>(papers, fetched.origin());
  }

  public Answer<List<Paper>> recommend(PaperId id, int limit) {
    Fetched fetched =
        get(
            "/recommendations/v1/papers/forpaper/"
                + path(id)
                + "?limit="
                + Math.min(500, limit)
                + "&fields="
                + PAPER_FIELDS,
            TTL,
            id);
    List<Paper> papers = new ArrayList<>();
    fetched.json(SERVICE).path("recommendedPapers").forEach(node -> papers.add(toPaper(node)));
    return new Answer<>(papers, fetched.origin());
  }

  private Answer<List<CitationEdge>> edges(PaperId id, String kind, String side, int limit) {
    Fetched fetched =
        get(
            "/graph/v1/paper/"
                + path(id)
                + "/"
                + kind
                + "?fields="
                + EDGE_FIELDS
                + "&limit="
                + Math.max(1, Math.min(1000, limit)),
            TTL,
            id);
    List<CitationEdge> edges = new ArrayList<>();
    for (JsonNode item : fetched.json(SERVICE).path("data")) {
      JsonNode paper = item.path(side);
      if (paper.isMissingNode() || paper.isNull() || paper.path("paperId").isNull()) {
        continue; // S2 lists citations it cannot resolve with a null paperId
      }
      List<String> contexts = new ArrayList<>();
      item.path("contexts").forEach(c -> contexts.add(c.asText()));
      List<String> intents = new ArrayList<>();
      item.path("intents").forEach(c -> intents.add(c.asText()));
      edges.add(
          new CitationEdge(
              toPaper(paper), contexts, intents, item.path("isInfluential").asBoolean(false)));
    }
    return new Answer<>(edges, fetched.origin());
  }

  private Fetched get(String pathAndQuery, Duration ttl, PaperId id) {
    Fetched fetched = fetcher.get(SERVICE, URI.create(base + pathAndQuery), headers, ttl, limiter);
    if (fetched.status() == 404) {
      throw new ResearchException(
          Kind.NOT_FOUND,
          SERVICE
              + " has no paper "
              + id
              + " ("
              + fetched.errorMessage()
              + "); check the id or search for the title");
    }
    return fetched.orRefused(SERVICE, "paper " + id);
  }

  static Paper toPaper(JsonNode node) {
    JsonNode ext = node.path("externalIds");
    List<String> authors = new ArrayList<>();
    node.path("authors")
        .forEach(a -> authors.add(a.isTextual() ? a.asText() : a.path("name").asText()));
    return new Paper(
        text(ext, "ArXiv"),
        text(node, "paperId"),
        text(ext, "DOI"),
        node.path("title").asText(""),
        text(node, "abstract"),
        authors,
        node.path("year").isInt() ? node.get("year").asInt() : null,
        text(node, "publicationDate"),
        node.path("citationCount").isInt() ? node.get("citationCount").asInt() : null,
        node.path("influentialCitationCount").isInt()
            ? node.get("influentialCitationCount").asInt()
            : null,
        text(node, "url"));
  }

  private static String path(PaperId id) {
    return URLEncoder.encode(id.s2Form(), StandardCharsets.UTF_8)
        .replace("%3A", ":")
        .replace("%2F", "/");
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
