package dev.mlintern.lookup.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.lookup.Responses;
import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import dev.mlintern.research.http.Fetched;
import dev.mlintern.research.http.Origin;
import dev.mlintern.research.http.RateLimiter;
import dev.mlintern.research.http.WebFetcher;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Web search through a SearXNG instance's JSON API: {@code GET {base}/search?q=…&format=json}.
 * SearXNG is self-hostable and aggregates several engines, so no search key is needed; the instance
 * must have the {@code json} format enabled in its settings.
 */
public final class SearxngClient {
  /** One result: title, address, the engine's snippet and which engines found it. */
  public record Hit(String title, String url, String snippet, List<String> engines) {}

  /** A page of results, with the suggestions SearXNG offers and where the answer came from. */
  public record Results(List<Hit> hits, List<String> suggestions, Origin origin) {}

  private static final Duration TTL = Duration.ofHours(24);
  private final WebFetcher fetcher;
  private final Optional<String> base;
  private final RateLimiter limiter;

  public SearxngClient(WebFetcher fetcher, Optional<String> base, RateLimiter limiter) {
    this.fetcher = fetcher;
    this.base = base.map(b -> b.replaceAll("/+$", ""));
    this.limiter = limiter;
  }

  public Results search(String query, int limit) {
    String root =
        base.orElseThrow(
            () ->
                new ResearchException(
                    Kind.UNAVAILABLE,
                    "web_search has no search endpoint: MLINTERN_SEARCH_URL is not set (a SearXNG"
                        + " base URL); use docs, github or papers instead"));
    if (query == null || query.isBlank()) {
      throw new ResearchException(Kind.BAD_REQUEST, "the search query is empty; pass words");
    }
    URI uri =
        URI.create(
            root
                + "/search?q="
                + URLEncoder.encode(query.strip(), StandardCharsets.UTF_8)
                + "&format=json");
    Fetched fetched =
        Responses.ok(
            fetcher.get("web search", uri, Map.of("Accept", "application/json"), TTL, limiter),
            "web search",
            "results for \"" + query + "\"");
    JsonNode body = fetched.json("web search");
    List<Hit> hits = new ArrayList<>();
    for (JsonNode r : body.path("results")) {
      if (hits.size() >= limit) {
        break;
      }
      List<String> engines = new ArrayList<>();
      r.path("engines").forEach(e -> engines.add(e.asText()));
      if (engines.isEmpty() && r.hasNonNull("engine")) {
        engines.add(r.path("engine").asText());
      }
      hits.add(
          new Hit(
              r.path("title").asText(""),
              r.path("url").asText(""),
              r.path("content").asText(""),
              engines));
    }
    List<String> suggestions = new ArrayList<>();
    body.path("suggestions").forEach(s -> suggestions.add(s.asText()));
    return new Results(hits, suggestions, fetched.origin());
  }
}
