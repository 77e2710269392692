package dev.mlintern.data.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.config.Settings;
import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import dev.mlintern.data.hub.HubRecords.Card;
import dev.mlintern.data.hub.HubRecords.CommitFile;
import dev.mlintern.data.hub.HubRecords.CommitResult;
import dev.mlintern.data.hub.HubRecords.Page;
import dev.mlintern.data.hub.HubRecords.SearchQuery;
import dev.mlintern.data.hub.HubRecords.TreeEntry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Hugging Face Hub API: search, repo info, cards, file trees, whoami, repo creation and commits
 * (small files inline, binary or large ones through LFS). Use it to find and describe datasets and
 * models and to publish artifacts; large weights are best pushed by the training job itself.
 * Downloads go through {@link HubCache}. Failures are {@link DataException}s; retries are {@link
 * HubHttp}'s.
 */
public final class HubClient {

  /** Largest file committed inline as base64; larger ones go through LFS. */
  public static final long INLINE_LIMIT = 10L * 1024 * 1024;

  private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final HubHttp http;
  private volatile JsonNode whoami;

  public HubClient(HttpClient client, String endpoint, Optional<String> token, Sleeper sleeper) {
    this.http = new HubHttp(client, endpoint, token, sleeper, "Hub", "HF_ENDPOINT");
  }

  /** From {@code HF_ENDPOINT} (default huggingface.co) and the {@code HF_TOKEN} secret. */
  public static HubClient fromSettings(Settings settings) {
    return new HubClient(
        defaultHttpClient(),
        settings.endpoints().hub(),
        settings.secrets().value("HF_TOKEN"),
        Sleeper.SYSTEM);
  }

  /**
   * An HTTP client that does not follow redirects itself (HubHttp follows them, dropping the token
   * across hosts).
   */
  public static HttpClient defaultHttpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(dev.mlintern.core.config.Endpoints.CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  HubHttp http() {
    return http;
  }

  public Page search(RepoKind kind, SearchQuery query) {
    Map<String, Object> params = new LinkedHashMap<>();
    params.put(
        "search", query.search() == null || query.search().isBlank() ? null : query.search());
    params.put("author", query.author());
    params.put("filter", query.filters().isEmpty() ? null : query.filters());
    params.put("sort", query.sort());
    params.put("direction", query.sort() == null ? null : "-1");
    params.put("limit", query.limit());
    return page(
        http.uri("/api/" + kind.apiSegment() + HubHttp.query(params)),
        "search of " + kind.apiSegment());
  }

  /** The page after {@code page}; empty when it was the last. */
  public Optional<Page> next(Page page) {
    return page.next().map(url -> page(URI.create(url), "next page of a listing"));
  }

  private Page page(URI uri, String what) {
    HttpResponse<byte[]> response = http.get(uri, what);
    JsonNode body = parse(response.body(), what);
    List<JsonNode> items = new ArrayList<>();
    body.forEach(items::add);
    return new Page(items, nextLink(response));
  }

  private static Optional<String> nextLink(HttpResponse<?> response) {
    for (String link : response.headers().allValues("Link")) {
      Matcher m = NEXT_LINK.matcher(link);
      if (m.find()) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  /**
   * Repo info ({@code cardData}, {@code siblings}, tags, downloads, …) at a revision (null for the
   * default).
   */
  public JsonNode info(RepoKind kind, String repo, String revision) {
    String path =
        "/api/"
            + kind.apiSegment()
            + "/"
            + repoPath(repo)
            + (revision == null ? "" : "/revision/" + HubHttp.encode(revision));
    return http.getJson(path, kind.singular() + " " + repo);
  }

  /** The repo's README split into YAML metadata and body. */
  public Card card(RepoKind kind, String repo, String revision) {
    String rev = revision == null ? "main" : revision;
    URI uri =
        http.uri(
            "/" + kind.urlPrefix() + repoPath(repo) + "/raw/" + HubHttp.encode(rev) + "/README.md");
    HttpResponse<byte[]> response = http.get(uri, "card of " + kind.singular() + " " + repo);
    return Card.parse(new String(response.body(), StandardCharsets.UTF_8));
  }

  /** Files and folders under {@code path} (null for the root), following pagination. */
  public List<TreeEntry> tree(
      RepoKind kind, String repo, String revision, String path, boolean recursive) {
    String rev = HubHttp.encode(revision == null ? "main" : revision);
    String sub = path == null || path.isBlank() ? "" : "/" + path.replaceAll("^/+", "");
    URI uri =
        http.uri(
            "/api/"
                + kind.apiSegment()
                + "/"
                + repoPath(repo)
                + "/tree/"
                + rev
                + sub
                + (recursive ? "?recursive=true" : ""));
    List<TreeEntry> entries = new ArrayList<>();
    Optional<Page> page = Optional.of(page(uri, "file list of " + kind.singular() + " " + repo));
    while (page.isPresent()) {
      for (JsonNode item : page.get().items()) {
        JsonNode lfs = item.path("lfs");
        entries.add(
            new TreeEntry(
                item.path("type").asText("file"),
                item.path("path").asText(),
                item.path("size").asLong(),
                item.path("oid").asText(""),
                lfs.has("oid") ? Optional.of(lfs.get("oid").asText()) : Optional.empty()));
      }
      page = next(page.get());
    }
    return entries;
  }

  /** Who the token belongs to; called once and cached, because the Hub rate-limits it hard. */
  public JsonNode whoami() {
    JsonNode cached = whoami;
    if (cached == null) {
      if (!http.hasToken()) {
        throw new DataException(Kind.UNAUTHORIZED, "Hub: whoami needs a token; set HF_TOKEN");
      }
      cached = http.getJson("/api/whoami-v2", "whoami");
      whoami = cached;
    }
    return cached;
  }

  /** Creates a repo, or finds it when it already exists; returns its URL. */
  public String createRepo(RepoKind kind, String repo, boolean isPrivate) {
    ObjectNode body = HubHttp.JSON.createObjectNode();
    int slash = repo.indexOf('/');
    body.put("name", slash < 0 ? repo : repo.substring(slash + 1));
    if (slash < 0) {
      body.putNull("organization");
    } else {
      body.put("organization", repo.substring(0, slash));
    }
    body.put("type", kind.singular());
    body.put("private", isPrivate);
    try {
      return http.postJson(
              "/api/repos/create",
              "application/json",
              body.toString(),
              "creating " + kind.singular() + " " + repo)
          .path("url")
          .asText();
    } catch (DataException e) {
      if (e.kind() == Kind.CONFLICT) {
        return http.uri("/" + kind.urlPrefix() + repo).toString();
      }
      throw e;
    }
  }

  /**
   * Commits files in one commit: preupload to learn each file's mode, then files the Hub wants in
   * LFS (binary ones, or over {@value #INLINE_LIMIT} bytes) go to LFS storage first ({@link
   * LfsUpload}) and the NDJSON commit names them by sha256, while the others travel inline.
   */
  public CommitResult commit(
      RepoKind kind, String repo, String revision, String summary, List<CommitFile> files) {
    String rev = HubHttp.encode(revision == null ? "main" : revision);
    String base = "/api/" + kind.apiSegment() + "/" + repoPath(repo);
    ObjectNode preupload = HubHttp.JSON.createObjectNode();
    var list = preupload.putArray("files");
    for (CommitFile file : files) {
      byte[] sample = java.util.Arrays.copyOf(file.content(), Math.min(512, file.content().length));
      list.addObject()
          .put("path", file.path())
          .put("size", file.content().length)
          .put("sample", Base64.getEncoder().encodeToString(sample));
    }
    JsonNode modes =
        http.postJson(
            base + "/preupload/" + rev,
            "application/json",
            preupload.toString(),
            "preupload to " + repo);
    List<String> ignored = new ArrayList<>();
    List<String> lfs = new ArrayList<>();
    for (JsonNode mode : modes.path("files")) {
      if (mode.path("shouldIgnore").asBoolean(false)) {
        ignored.add(mode.path("path").asText());
      } else if (mode.path("uploadMode").asText("regular").equals("lfs")) {
        lfs.add(mode.path("path").asText());
      }
    }
    StringBuilder ndjson = new StringBuilder();
    ObjectNode header = HubHttp.JSON.createObjectNode().put("key", "header");
    header.putObject("value").put("summary", summary).put("description", "");
    ndjson.append(header).append('\n');
    for (CommitFile file : files) {
      if (ignored.contains(file.path())) {
        continue;
      }
      ObjectNode line;
      if (lfs.contains(file.path()) || file.content().length > INLINE_LIMIT) {
        String oid = LfsUpload.upload(http, kind, repoPath(repo), file.path(), file.content());
        line = HubHttp.JSON.createObjectNode().put("key", "lfsFile");
        line.putObject("value")
            .put("path", file.path())
            .put("algo", "sha256")
            .put("oid", oid)
            .put("size", file.content().length);
      } else {
        line = HubHttp.JSON.createObjectNode().put("key", "file");
        line.putObject("value")
            .put("path", file.path())
            .put("content", Base64.getEncoder().encodeToString(file.content()))
            .put("encoding", "base64");
      }
      ndjson.append(line).append('\n');
    }
    JsonNode result =
        http.postJson(
            base + "/commit/" + rev,
            "application/x-ndjson",
            ndjson.toString(),
            "commit to " + repo);
    return new CommitResult(result.path("commitOid").asText(), result.path("commitUrl").asText());
  }

  static String repoPath(String repo) {
    if (repo == null || !repo.matches("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?")) {
      throw new DataException(
          Kind.BAD_REQUEST,
          "Hub: '" + repo + "' is not a repo id; use owner/name, e.g. nyu-mll/glue");
    }
    return repo;
  }

  private static JsonNode parse(byte[] body, String what) {
    try {
      return HubHttp.JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new DataException(
          Kind.SERVER, "Hub: " + what + " answered with a body that is not JSON");
    }
  }
}
