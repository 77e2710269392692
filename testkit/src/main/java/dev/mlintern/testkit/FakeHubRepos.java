package dev.mlintern.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.testkit.FixtureServer.Request;
import dev.mlintern.testkit.FixtureServer.Response;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Hub's model-repo write and read endpoints, as a fake that keeps what is committed: repo
 * creation ({@code 409} when it exists), preupload (binary files and files over 10 MB go to LFS, as
 * on the Hub), the Git LFS batch API whose upload URL is another server that refuses an {@code
 * Authorization} header (as presigned storage on another host does), the NDJSON commit, the file
 * tree and {@code resolve} downloads. Every call but the LFS upload needs the token; repos are
 * private to it.
 */
public final class FakeHubRepos implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long REGULAR_LIMIT = 10L * 1024 * 1024;
  private static final Set<String> BINARY_SUFFIXES =
      Set.of(".gz", ".tar", ".zip", ".bin", ".pt", ".pkl", ".safetensors", ".parquet", ".npy");

  /** One repo: whether it is private, and its files at the latest commit. */
  private record Repo(boolean isPrivate, Map<String, byte[]> files, Set<String> lfs) {}

  private final String baseUrl;
  private final FixtureServer storage = new FixtureServer();
  private final String namespace;
  private final String token;
  private final Map<String, Repo> repos = new ConcurrentHashMap<>();
  private final Map<String, byte[]> lfsObjects = new ConcurrentHashMap<>();

  /**
   * Answers on {@code server} for a user named {@code namespace} whose only valid token is {@code
   * token}.
   */
  public FakeHubRepos(FixtureServer server, String namespace, String token) {
    this.baseUrl = server.baseUrl();
    this.namespace = namespace;
    this.token = token;
    server.route("POST", "/api/repos/create", this::create);
    server.route("POST", "/api/models/", this::modelApi);
    server.route("GET", "/api/models/", this::tree);
    server.route("POST", "/", r -> r.path().endsWith(".git/info/lfs/objects/batch"), this::batch);
    storage.route("PUT", "/fake-lfs/", this::lfsUpload);
    server.route("POST", "/fake-lfs-verify/", this::lfsVerify);
    server.route("GET", "/", r -> r.path().contains("/resolve/"), this::resolve);
    server.route("HEAD", "/", r -> r.path().contains("/resolve/"), this::resolve);
  }

  /** The bytes of {@code path} in {@code repo} at its latest commit. */
  public Optional<byte[]> file(String repo, String path) {
    Repo r = repos.get(repo);
    return r == null ? Optional.empty() : Optional.ofNullable(r.files().get(path));
  }

  /** Paths of every file in {@code repo}, sorted; empty when there is no such repo. */
  public List<String> paths(String repo) {
    Repo r = repos.get(repo);
    return r == null ? List.of() : List.copyOf(new TreeMap<>(r.files()).keySet());
  }

  public boolean isPrivate(String repo) {
    return repos.containsKey(repo) && repos.get(repo).isPrivate();
  }

  /** Whether {@code path} of {@code repo} went through LFS. */
  public boolean inLfs(String repo, String path) {
    Repo r = repos.get(repo);
    return r != null && r.lfs().contains(path);
  }

  private boolean hasToken(Request r) {
    return ("Bearer " + token).equals(r.header("Authorization"));
  }

  private static Response unauthorized() {
    return Response.fixture(401, "hf_error_401_whoami.json")
        .withHeader("X-Error-Message", "Invalid credentials in Authorization header");
  }

  private static Response notFound(String what) {
    return Response.fixture(404, "hf_error_404_repo_not_found.json")
        .withHeader("X-Error-Code", "RepoNotFound")
        .withHeader("X-Error-Message", what + " not found");
  }

  private Response create(Request r) {
    if (!hasToken(r)) {
      return unauthorized();
    }
    JsonNode body = read(r);
    String owner =
        body.path("organization").isTextual() ? body.get("organization").asText() : namespace;
    String id = owner + "/" + body.path("name").asText();
    if (repos.containsKey(id)) {
      return Response.json(
          409,
          JSON.createObjectNode()
              .put("error", "You already created this model repo")
              .put("url", baseUrl + "/" + id)
              .toString());
    }
    repos.put(
        id,
        new Repo(
            body.path("private").asBoolean(false),
            new ConcurrentHashMap<>(),
            ConcurrentHashMap.newKeySet()));
    return Response.json(
        200,
        JSON.createObjectNode()
            .put("url", baseUrl + "/" + id)
            .put("name", id)
            .put("id", Integer.toHexString(id.hashCode()))
            .toString());
  }

  /** {@code /api/models/{owner}/{name}/(preupload|commit)/{rev}}. */
  private Response modelApi(Request r) {
    if (!hasToken(r)) {
      return unauthorized();
    }
    String[] parts = r.path().substring("/api/models/".length()).split("/");
    if (parts.length < 4) {
      return Response.json(404, "{\"error\":\"no such endpoint\"}");
    }
    String id = parts[0] + "/" + parts[1];
    Repo repo = repos.get(id);
    if (repo == null) {
      return notFound("Repository " + id);
    }
    return switch (parts[2]) {
      case "preupload" -> preupload(read(r));
      case "commit" -> commit(id, repo, r.body());
      default -> Response.json(404, "{\"error\":\"no such endpoint\"}");
    };
  }

  private Response preupload(JsonNode body) {
    ObjectNode out = JSON.createObjectNode();
    ArrayNode files = out.putArray("files");
    for (JsonNode f : body.path("files")) {
      String path = f.path("path").asText();
      byte[] sample = Base64.getDecoder().decode(f.path("sample").asText(""));
      boolean binary = BINARY_SUFFIXES.stream().anyMatch(path::endsWith);
      for (byte b : sample) {
        binary |= b == 0;
      }
      boolean lfs = binary || f.path("size").asLong() > REGULAR_LIMIT;
      files
          .addObject()
          .put("path", path)
          .put("uploadMode", lfs ? "lfs" : "regular")
          .put("shouldIgnore", false);
    }
    out.put("commitOid", "0".repeat(40));
    return Response.json(200, out.toString());
  }

  private Response commit(String id, Repo repo, String ndjson) {
    Map<String, byte[]> staged = new TreeMap<>();
    Set<String> lfs = ConcurrentHashMap.newKeySet();
    for (String line : ndjson.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode entry = read(line);
      JsonNode value = entry.path("value");
      switch (entry.path("key").asText()) {
        case "file" ->
            staged.put(
                value.path("path").asText(),
                Base64.getDecoder().decode(value.path("content").asText()));
        case "lfsFile" -> {
          byte[] bytes = lfsObjects.get(value.path("oid").asText());
          if (bytes == null || bytes.length != value.path("size").asLong()) {
            return Response.json(
                400,
                "{\"error\":\"LFS object "
                    + value.path("oid").asText()
                    + " was not uploaded before the commit\"}");
          }
          staged.put(value.path("path").asText(), bytes);
          lfs.add(value.path("path").asText());
        }
        case "deletedFile" -> repo.files().remove(value.path("path").asText());
        default -> {}
      }
    }
    repo.files().putAll(staged);
    repo.lfs().addAll(lfs);
    String oid = HexFormat.of().formatHex(digest("SHA-1", ndjson.getBytes(StandardCharsets.UTF_8)));
    return Response.json(
        200,
        JSON.createObjectNode()
            .put("success", true)
            .put("commitOid", oid)
            .put("commitUrl", baseUrl + "/" + id + "/commit/" + oid)
            .put("hookOutput", "")
            .toString());
  }

  /** {@code /{owner}/{name}.git/info/lfs/objects/batch}: upload actions for missing objects. */
  private Response batch(Request r) {
    if (!hasToken(r)) {
      return unauthorized();
    }
    ObjectNode out = JSON.createObjectNode().put("transfer", "basic");
    ArrayNode objects = out.putArray("objects");
    for (JsonNode o : read(r).path("objects")) {
      String oid = o.path("oid").asText();
      ObjectNode object = objects.addObject().put("oid", oid).put("size", o.path("size").asLong());
      if (!lfsObjects.containsKey(oid)) {
        ObjectNode actions = object.putObject("actions");
        actions
            .putObject("upload")
            .put("href", storage.baseUrl() + "/fake-lfs/" + oid)
            .putObject("header")
            .put("X-Fake-Signature", "signed");
        actions.putObject("verify").put("href", baseUrl + "/fake-lfs-verify/" + oid);
      }
    }
    return new Response(
        200,
        Map.of("Content-Type", "application/vnd.git-lfs+json"),
        out.toString().getBytes(StandardCharsets.UTF_8));
  }

  private Response lfsUpload(Request r) {
    if (r.header("Authorization") != null || !"signed".equals(r.header("X-Fake-Signature"))) {
      return Response.text(
          400,
          "application/xml",
          "<Error><Code>InvalidArgument</Code><Message>Only one auth mechanism allowed</Message></Error>");
    }
    String oid = r.path().substring("/fake-lfs/".length());
    if (!HexFormat.of().formatHex(digest("SHA-256", r.bytes())).equals(oid)) {
      return Response.text(400, "application/xml", "<Error><Code>BadDigest</Code></Error>");
    }
    lfsObjects.put(oid, r.bytes());
    return Response.text(200, "text/plain", "");
  }

  private Response lfsVerify(Request r) {
    if (!hasToken(r)) {
      return unauthorized();
    }
    String oid = r.path().substring("/fake-lfs-verify/".length());
    return lfsObjects.containsKey(oid)
        ? Response.json(200, "{}")
        : Response.json(404, "{\"message\":\"object not found\"}");
  }

  private Response info(String id) {
    Repo repo = repos.get(id);
    if (repo == null) {
      return notFound("Repository " + id);
    }
    return Response.json(
        200,
        JSON.createObjectNode()
            .put("id", id)
            .put("modelId", id)
            .put("private", repo.isPrivate())
            .put("sha", "0".repeat(40))
            .toString());
  }

  /** {@code /api/models/{owner}/{name}/tree/{rev}[/{path}][?recursive=true]}. */
  private Response tree(Request r) {
    if (!hasToken(r)) {
      return unauthorized();
    }
    String[] parts = r.path().substring("/api/models/".length()).split("/", 5);
    if (parts.length == 2) {
      return info(parts[0] + "/" + parts[1]);
    }
    if (parts.length < 4 || !parts[2].equals("tree")) {
      return Response.json(404, "{\"error\":\"no such endpoint\"}");
    }
    Repo repo = repos.get(parts[0] + "/" + parts[1]);
    if (repo == null) {
      return notFound("Repository " + parts[0] + "/" + parts[1]);
    }
    String prefix = parts.length > 4 ? decode(parts[4]).replaceAll("/+$", "") + "/" : "";
    boolean recursive = r.query() != null && r.query().contains("recursive=true");
    ArrayNode out = JSON.createArrayNode();
    Set<String> folders = new java.util.TreeSet<>();
    for (Map.Entry<String, byte[]> file : new TreeMap<>(repo.files()).entrySet()) {
      String path = file.getKey();
      if (!path.startsWith(prefix)) {
        continue;
      }
      String rest = path.substring(prefix.length());
      if (!recursive && rest.contains("/")) {
        folders.add(prefix + rest.substring(0, rest.indexOf('/')));
        continue;
      }
      ObjectNode entry =
          out.addObject()
              .put("type", "file")
              .put("oid", gitBlobSha1(file.getValue()))
              .put("size", file.getValue().length)
              .put("path", path);
      if (repo.lfs().contains(path)) {
        entry
            .putObject("lfs")
            .put("oid", HexFormat.of().formatHex(digest("SHA-256", file.getValue())))
            .put("size", file.getValue().length)
            .put("pointerSize", 134);
      }
    }
    for (String folder : folders) {
      out.addObject()
          .put("type", "directory")
          .put("oid", "0".repeat(40))
          .put("size", 0)
          .put("path", folder);
    }
    if (out.isEmpty() && !prefix.isEmpty()) {
      return Response.json(404, "{\"error\":\"Entry not found\"}")
          .withHeader("X-Error-Code", "EntryNotFound");
    }
    return Response.json(200, out.toString());
  }

  /** {@code /{owner}/{name}/resolve/{rev}/{path}}: the file's bytes, with its checksum header. */
  private Response resolve(Request r) {
    String[] parts = r.path().substring(1).split("/", 5);
    if (parts.length < 5) {
      return Response.json(404, "{\"error\":\"no such file\"}");
    }
    String id = parts[0] + "/" + parts[1];
    Repo repo = repos.get(id);
    if (repo == null || (repo.isPrivate() && !hasToken(r))) {
      return notFound("Repository " + id);
    }
    String path = decode(parts[4]);
    byte[] bytes = repo.files().get(path);
    if (bytes == null) {
      return Response.json(404, "{\"error\":\"Entry not found\"}")
          .withHeader("X-Error-Code", "EntryNotFound");
    }
    Response found =
        new Response(
            200,
            Map.of("Content-Type", "application/octet-stream"),
            "HEAD".equals(r.method()) ? new byte[0] : bytes);
    return repo.lfs().contains(path)
        ? found.withHeader(
            "X-Linked-Etag", "\"" + HexFormat.of().formatHex(digest("SHA-256", bytes)) + "\"")
        : found.withHeader("ETag", "\"" + gitBlobSha1(bytes) + "\"");
  }

  private static String gitBlobSha1(byte[] bytes) {
    byte[] head = ("blob " + bytes.length + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + bytes.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(bytes, 0, all, head.length, bytes.length);
    return HexFormat.of().formatHex(digest("SHA-1", all));
  }

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String decode(String path) {
    return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static JsonNode read(Request r) {
    return read(r.body());
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body.isBlank() ? "{}" : body);
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON: " + body, e);
    }
  }

  @Override
  public void close() {
    storage.close();
  }
}
