package dev.mlintern.data.hub;

import static dev.mlintern.data.hub.HubClientTest.assertKind;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.data.DataException.Kind;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubCacheTest {
  private static final byte[] CONTENT =
      "id,text,label\n1,hello world,pos\n2,bad day,neg\n"
          .repeat(50)
          .getBytes(StandardCharsets.UTF_8);
  private final FixtureServer server = new FixtureServer();
  private final FixtureServer cdn = new FixtureServer();
  private final HubClient hub =
      new HubClient(
          HubClient.defaultHttpClient(),
          server.baseUrl(),
          Optional.of("hf_testtoken123"),
          new RecordingSleeper());
  @TempDir Path cacheRoot;

  @AfterEach
  void close() {
    server.close();
    cdn.close();
  }

  private HubCache cache() {
    return new HubCache(hub, cacheRoot);
  }

  @Test
  void downloadsVerifiesAgainstLinkedEtagAndCachesByRevision() throws Exception {
    String sha = sha256(CONTENT);
    server.route(
        "HEAD",
        "/datasets/me/d/resolve/main/data/train.csv",
        new Response(
            302,
            Map.of("Location", cdn.baseUrl() + "/blob", "X-Linked-Etag", "\"" + sha + "\""),
            new byte[0]));
    server.route(
        "GET",
        "/datasets/me/d/resolve/main/data/train.csv",
        new Response(302, Map.of("Location", cdn.baseUrl() + "/blob"), new byte[0]));
    cdn.route("GET", "/blob", new Response(200, Map.of("Content-Type", "text/csv"), CONTENT));

    Path file =
        cache().download(RepoKind.DATASET, "me/d", "main", "data/train.csv", Optional.empty());

    assertThat(file).startsWith(cacheRoot.resolve("datasets/me--d/main"));
    assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
    assertThat(cdn.lastRequest().header("Authorization"))
        .as("token dropped on a cross-host hop")
        .isNull();
    assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer hf_testtoken123");
    int before = server.requests().size() + cdn.requests().size();
    cache().download(RepoKind.DATASET, "me/d", "main", "data/train.csv", Optional.empty());
    assertThat(server.requests().size() + cdn.requests().size()).isEqualTo(before);
  }

  @Test
  void resumesAPartialDownloadWithARangeRequest() throws Exception {
    int half = CONTENT.length / 2;
    Path target = cache().location(RepoKind.DATASET, "me/d", "v1", "train.csv");
    Files.createDirectories(target.getParent());
    Files.write(target.resolveSibling("train.csv.part"), Arrays.copyOf(CONTENT, half));
    server.route(
        "GET",
        "/datasets/me/d/resolve/v1/train.csv",
        new Response(
            206,
            Map.of(
                "Content-Range",
                "bytes " + half + "-" + (CONTENT.length - 1) + "/" + CONTENT.length),
            Arrays.copyOfRange(CONTENT, half, CONTENT.length)));

    Path file =
        cache().download(RepoKind.DATASET, "me/d", "v1", "train.csv", Optional.of(sha256(CONTENT)));

    assertThat(server.lastRequest().header("Range")).isEqualTo("bytes=" + half + "-");
    assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
    assertThat(target.resolveSibling("train.csv.part")).doesNotExist();
  }

  @Test
  void aChecksumMismatchLeavesNothingBehind() {
    server.route("GET", "/datasets/me/d/resolve/main/x.csv", new Response(200, Map.of(), CONTENT));
    assertKind(
        () ->
            cache()
                .download(RepoKind.DATASET, "me/d", "main", "x.csv", Optional.of("0".repeat(64))),
        Kind.CHECKSUM,
        "does not match its checksum");
    Path target = cache().location(RepoKind.DATASET, "me/d", "main", "x.csv");
    assertThat(target).doesNotExist();
    assertThat(target.resolveSibling("x.csv.part")).doesNotExist();
  }

  @Test
  void smallFilesAreVerifiedAgainstTheirGitBlobSha1() throws Exception {
    MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
    sha1.update(("blob " + CONTENT.length + "\0").getBytes(StandardCharsets.US_ASCII));
    String blob = HexFormat.of().formatHex(sha1.digest(CONTENT));
    server.route(
        "HEAD",
        "/openai-community/gpt2/resolve/main/config.json",
        new Response(200, Map.of("X-Linked-Etag", "\"" + blob + "\""), new byte[0]));
    server.route(
        "GET",
        "/openai-community/gpt2/resolve/main/config.json",
        new Response(200, Map.of(), CONTENT));
    Path file =
        cache()
            .download(
                RepoKind.MODEL, "openai-community/gpt2", "main", "config.json", Optional.empty());
    assertThat(Files.readAllBytes(file)).isEqualTo(CONTENT);
  }

  @Test
  void aMissingFileIsNotFound() {
    server.route(
        "GET",
        "/datasets/me/d/resolve/main/nope.csv",
        Response.text(404, "text/plain", "Entry not found")
            .withHeader("X-Error-Code", "EntryNotFound"));
    assertKind(
        () ->
            cache()
                .download(
                    RepoKind.DATASET, "me/d", "main", "nope.csv", Optional.of("a".repeat(64))),
        Kind.NOT_FOUND,
        "EntryNotFound");
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
