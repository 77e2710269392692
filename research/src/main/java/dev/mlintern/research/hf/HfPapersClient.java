package dev.mlintern.research.hf;

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
import java.util.List;
import java.util.Map;

/**
 * HF Papers (search, one paper's page, daily papers) and the Hub's paper → dataset / model links
 * through {@code filter=arxiv:ID}. Papers and the Hub can live on different hosts ({@code
 * MLINTERN_PAPERS_URL}, {@code HF_ENDPOINT}); both default to huggingface.co. Search results are
 * accepted nested ({@code {"paper":{…}}}) or flat, as the API returns either.
 */
public final class HfPapersClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVICE = "HF Papers";
  private static final Duration SEARCH_TTL = Duration.ofHours(12);
  private static final Duration PAPER_TTL = Duration.ofDays(3);

  private final WebFetcher fetcher;
  private final String papersBase;
  private final String hubBase;
  private final RateLimiter limiter;

  public HfPapersClient(
      WebFetcher fetcher, String papersBase, String hubBase, RateLimiter limiter) {
    this.fetcher = fetcher;
    this.papersBase = strip(papersBase);
    this.hubBase = strip(hubBase);
    this.limiter = limiter;
  }

  public Answer<List<Paper>> search(String query, int limit) {
    if (query == null || query.isBlank()) {
      throw new ResearchException(
          Kind.BAD_REQUEST, "the search query is empty; pass words from the topic or title");
    }
    Fetched fetched =
        get(
            papersBase + "/api/papers/search?q=" + enc(query) + "&limit=" + limit,
            SEARCH_TTL,
            "search");
    List<Paper> papers = new ArrayList<>();
    for (JsonNode item : array(fetched)) {
      papers.add(toPaper(item.has("paper") ? item.get("paper") : item));
    }
    return new Answer<>(papers.subList(0, Math.min(limit, papers.size())), fetched.origin());
  }

  public Answer<HfPaper> details(PaperId id) {
    requireArxiv(id);
    Fetched fetched = get(papersBase + "/api/papers/" + id.unversioned(), PAPER_TTL, id.toString());
    JsonNode node = fetched.json(SERVICE);
    return new Answer<>(
        new HfPaper(
            toPaper(node),
            ids(node.path("linkedDatasets")),
            node.path("numTotalDatasets").asInt(0),
            ids(node.path("linkedModels")),
            node.path("numTotalModels").asInt(0),
            text(node, "githubRepo"),
            text(node, "projectPage"),
            text(node, "ai_summary"),
            strings(node.path("ai_keywords")),
            node.path("upvotes").asInt(0)),
        fetched.origin());
  }

  /** Daily papers for {@code date} (YYYY-MM-DD), or the latest when null. */
  public Answer<List<Paper>> daily(String date, int limit) {
    if (date != null && !date.matches("\\d{4}-\\d{2}-\\d{2}")) {
      throw new ResearchException(Kind.BAD_REQUEST, "date '" + date + "' is not YYYY-MM-DD");
    }
    String url =
        papersBase + "/api/daily_papers?limit=" + limit + (date == null ? "" : "&date=" + date);
    Fetched fetched = get(url, SEARCH_TTL, "daily papers");
    List<Paper> papers = new ArrayList<>();
    for (JsonNode item : array(fetched)) {
      papers.add(toPaper(item.has("paper") ? item.get("paper") : item));
    }
    return new Answer<>(papers, fetched.origin());
  }

  /** Hub datasets whose cards cite the paper, most downloaded first. */
  public Answer<List<HubRepo>> datasetsFor(PaperId id, int limit) {
    return repos("datasets", id, limit);
  }

  /** Hub models whose cards cite the paper, most downloaded first. */
  public Answer<List<HubRepo>> modelsFor(PaperId id, int limit) {
    return repos("models", id, limit);
  }

  /**
   * Hub datasets whose id contains {@code name}, most downloaded first (for matching names found in
   * papers).
   */
  public Answer<List<HubRepo>> searchDatasets(String name, int limit) {
    String url =
        hubBase
            + "/api/datasets?search="
            + enc(name)
            + "&sort=downloads&direction=-1&limit="
            + limit;
    Fetched fetched = get(url, PAPER_TTL, "datasets named " + name);
    return new Answer<>(hubRepos(fetched, "dataset"), fetched.origin());
  }

  private Answer<List<HubRepo>> repos(String kind, PaperId id, int limit) {
    requireArxiv(id);
    String url =
        hubBase
            + "/api/"
            + kind
            + "?filter="
            + enc("arxiv:" + id.unversioned())
            + "&sort=downloads&direction=-1&limit="
            + limit;
    Fetched fetched = get(url, PAPER_TTL, kind + " citing " + id);
    return new Answer<>(hubRepos(fetched, kind.substring(0, kind.length() - 1)), fetched.origin());
  }

  private static List<HubRepo> hubRepos(Fetched fetched, String kind) {
    List<HubRepo> repos = new ArrayList<>();
    for (JsonNode item : array(fetched)) {
      repos.add(
          new HubRepo(
              item.path("id").asText(),
              kind,
              item.path("downloads").asLong(0),
              item.path("likes").asLong(0),
              strings(item.path("tags"))));
    }
    return repos;
  }

  private Fetched get(String url, Duration ttl, String what) {
    Fetched fetched =
        fetcher.get(SERVICE, URI.create(url), Map.of("Accept", "application/json"), ttl, limiter);
    if (fetched.status() == 404) {
      throw new ResearchException(
          Kind.NOT_FOUND,
          SERVICE + " has no " + what + "; check the id, or find the paper with papers search");
    }
    return fetched.orRefused(SERVICE, what);
  }

  static Paper toPaper(JsonNode node) {
    List<String> authors = new ArrayList<>();
    node.path("authors").forEach(a -> authors.add(a.path("name").asText()));
    String published = text(node, "publishedAt");
    Integer year =
        published != null && published.length() >= 4
            ? Integer.valueOf(published.substring(0, 4))
            : null;
    return new Paper(
        text(node, "id"),
        null,
        null,
        node.path("title").asText(""),
        text(node, "summary"),
        authors,
        year,
        published,
        null,
        null,
        "https://huggingface.co/papers/" + node.path("id").asText());
  }

  private static void requireArxiv(PaperId id) {
    if (!id.isArxiv()) {
      throw new ResearchException(
          Kind.BAD_REQUEST,
          SERVICE
              + " knows papers by arXiv id only; "
              + id
              + " is not one — look the paper up with papers details on Semantic Scholar to find its arXiv id");
    }
  }

  private static JsonNode array(Fetched fetched) {
    JsonNode node = fetched.json(SERVICE);
    return node.isArray() ? node : JSON.createArrayNode();
  }

  private static List<String> ids(JsonNode array) {
    List<String> ids = new ArrayList<>();
    array.forEach(item -> ids.add(item.path("id").asText()));
    return ids;
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(item -> out.add(item.asText()));
    return out;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
  }

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private static String strip(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
