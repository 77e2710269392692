package dev.mlintern.lookup.github;

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
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The GitHub REST API calls the {@code github} tool needs: code search, repository search, a
 * repository's file tree and one file's content at a ref. {@code GITHUB_TOKEN} is optional except
 * for code search, which GitHub only serves to signed-in callers.
 */
public final class GithubClient {
  /** A file that matched a code search. */
  public record CodeHit(String repo, String path, String url) {}

  /** A repository that matched a repository search. */
  public record RepoHit(String repo, String description, int stars, String url) {}

  /** One file of a tree listing, {@code size} in bytes. */
  public record TreeEntry(String path, long size) {}

  /** A tree listing; {@code truncated} when GitHub cut a very large tree short. */
  public record Tree(List<TreeEntry> files, boolean truncated, Origin origin) {}

  /** One file's text. */
  public record FileText(String repo, String path, String ref, String text, Origin origin) {}

  private static final Pattern REPO = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");
  private static final Duration TTL = Duration.ofHours(24);
  private static final String SERVICE = "GitHub";
  private final WebFetcher fetcher;
  private final String base;
  private final Optional<String> token;
  private final RateLimiter limiter;

  public GithubClient(
      WebFetcher fetcher, String base, Optional<String> token, RateLimiter limiter) {
    this.fetcher = fetcher;
    this.base = base.replaceAll("/+$", "");
    this.token = token;
    this.limiter = limiter;
  }

  public List<CodeHit> searchCode(String query, String repo, String language, int limit) {
    StringBuilder q = new StringBuilder(required(query, "query"));
    if (repo != null && !repo.isBlank()) {
      q.append(" repo:").append(checkRepo(repo));
    }
    if (language != null && !language.isBlank()) {
      q.append(" language:").append(language.strip());
    }
    JsonNode body =
        getJson("/search/code?q=" + encode(q.toString()) + "&per_page=" + limit, "code search");
    List<CodeHit> hits = new ArrayList<>();
    for (JsonNode item : body.path("items")) {
      hits.add(
          new CodeHit(
              item.path("repository").path("full_name").asText(),
              item.path("path").asText(),
              item.path("html_url").asText()));
    }
    return hits;
  }

  public List<RepoHit> searchRepos(String query, int limit) {
    JsonNode body =
        getJson(
            "/search/repositories?q=" + encode(required(query, "query")) + "&per_page=" + limit,
            "repository search");
    List<RepoHit> hits = new ArrayList<>();
    for (JsonNode item : body.path("items")) {
      hits.add(
          new RepoHit(
              item.path("full_name").asText(),
              item.path("description").asText(""),
              item.path("stargazers_count").asInt(),
              item.path("html_url").asText()));
    }
    return hits;
  }

  /** Files of {@code repo} at {@code ref} (default branch when blank) under {@code prefix}. */
  public Tree tree(String repo, String ref, String prefix) {
    String at = ref == null || ref.isBlank() ? "HEAD" : ref.strip();
    Fetched fetched =
        get(
            "/repos/" + checkRepo(repo) + "/git/trees/" + encode(at) + "?recursive=1",
            "tree of " + repo + " at " + at);
    JsonNode body = fetched.json(SERVICE);
    String under = prefix == null ? "" : prefix.strip().replaceAll("^/+", "");
    List<TreeEntry> files = new ArrayList<>();
    for (JsonNode entry : body.path("tree")) {
      String path = entry.path("path").asText();
      if ("blob".equals(entry.path("type").asText()) && path.startsWith(under)) {
        files.add(new TreeEntry(path, entry.path("size").asLong()));
      }
    }
    return new Tree(files, body.path("truncated").asBoolean(), fetched.origin());
  }

  /** The text of {@code path} in {@code repo} at {@code ref} (default branch when blank). */
  public FileText read(String repo, String path, String ref) {
    String file = required(path, "path").replaceAll("^/+", "");
    String query = ref == null || ref.isBlank() ? "" : "?ref=" + encode(ref.strip());
    String encodedPath =
        Arrays.stream(file.split("/"))
            .map(segment -> encode(segment).replace("+", "%20"))
            .collect(Collectors.joining("/"));
    Fetched fetched =
        get("/repos/" + checkRepo(repo) + "/contents/" + encodedPath + query, file + " in " + repo);
    JsonNode body = fetched.json(SERVICE);
    if (body.isArray()) {
      throw new ResearchException(
          Kind.BAD_REQUEST,
          file + " in " + repo + " is a folder; list its files with the tree operation");
    }
    if (!"base64".equals(body.path("encoding").asText())) {
      throw new ResearchException(
          Kind.BAD_DOCUMENT,
          file
              + " in "
              + repo
              + " is too large for the contents API ("
              + body.path("size").asLong()
              + " bytes); read a smaller file");
    }
    byte[] bytes = Base64.getMimeDecoder().decode(body.path("content").asText());
    return new FileText(
        repo,
        file,
        ref == null || ref.isBlank() ? "default branch" : ref.strip(),
        new String(bytes, StandardCharsets.UTF_8),
        fetched.origin());
  }

  private JsonNode getJson(String pathAndQuery, String what) {
    return get(pathAndQuery, what).json(SERVICE);
  }

  private Fetched get(String pathAndQuery, String what) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept", "application/vnd.github+json");
    headers.put("X-GitHub-Api-Version", "2022-11-28");
    token.ifPresent(t -> headers.put("Authorization", "Bearer " + t));
    Fetched fetched = fetcher.get(SERVICE, URI.create(base + pathAndQuery), headers, TTL, limiter);
    if (fetched.status() == 401 && token.isEmpty()) {
      throw new ResearchException(
          Kind.BAD_REQUEST,
          "GitHub requires sign-in for the "
              + what
              + " (HTTP 401: "
              + fetched.errorMessage()
              + "); set GITHUB_TOKEN, or use search_repos, tree and read, which work without it");
    }
    return Responses.ok(fetched, SERVICE, what);
  }

  private static String checkRepo(String repo) {
    String r = repo == null ? "" : repo.strip();
    if (!REPO.matcher(r).matches()) {
      throw new ResearchException(
          Kind.BAD_REQUEST, "'" + repo + "' is not a repository; write it as owner/name");
    }
    return r;
  }

  private static String required(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new ResearchException(Kind.BAD_REQUEST, "github: '" + name + "' is empty");
    }
    return value.strip();
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
