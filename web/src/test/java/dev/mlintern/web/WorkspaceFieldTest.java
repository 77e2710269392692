package dev.mlintern.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.core.secret.Secrets;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The new-session form's project folder: accepted under the folder the server was started for
 * (relative or absolute) and handed to the engine; refused with one clear line when it is outside
 * (by path, by {@code ..} or through a symbolic link), missing or not a folder, or when the form
 * lacks its CSRF token — and then nothing is written into any folder.
 */
class WorkspaceFieldTest {
  @TempDir Path dir;
  Path root;
  Path outside;
  LedgerDb db;
  StoreEngine engine;
  WebServer server;
  WebClient client;
  final CompletableFuture<NewSession> started = new CompletableFuture<>();

  @BeforeEach
  void start() throws IOException {
    root = Files.createDirectories(dir.resolve("projects"));
    Files.createDirectories(root.resolve("credit/data"));
    Files.writeString(root.resolve("notes.txt"), "not a folder");
    outside = Files.createDirectories(dir.resolve("elsewhere"));
    Files.createSymbolicLink(root.resolve("link-out"), outside);
    db = LedgerDb.open(dir.resolve("home"));
    engine = new StoreEngine(dir.resolve("store"), Secrets.none());
    engine.onStart((id, request) -> started.complete(request));
    AccessToken token = AccessToken.of("test-token-0123456789abcdef");
    server = new WebServer(engine, token, Secrets.none(), db, root).start("127.0.0.1", 0);
    client = new WebClient(server, token);
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    db.close();
  }

  HttpResponse<String> create(String workspace) {
    return client.post("/sessions", Map.of("goal", "Beat 0.9", "workspace", workspace));
  }

  @Test
  void aFolderUnderTheRootIsHandedToTheEngine() throws Exception {
    assertThat(client.get("/new").body())
        .contains("name=\"workspace\"")
        .contains("a folder under " + root);
    assertThat(create("credit").statusCode()).isEqualTo(303);
    assertThat(started.get(10, TimeUnit.SECONDS).workspace())
        .isEqualTo(root.resolve("credit").toRealPath());
    assertThat(create(root.resolve("credit/data").toString()).statusCode()).isEqualTo(303);
    assertThat(client.post("/sessions", Map.of("goal", "No folder")).statusCode()).isEqualTo(303);
  }

  @Test
  void aFolderOutsideMissingOrNotAFolderIsRefusedAndNothingIsWritten() throws Exception {
    List<String> before = tree();
    for (String bad :
        List.of(outside.toString(), "../elsewhere", "credit/../../elsewhere", "link-out", "/")) {
      HttpResponse<String> refused = create(bad);
      assertThat(refused.statusCode()).as(bad).isEqualTo(400);
      assertThat(refused.body()).as(bad).contains("is outside " + root).doesNotContain("Exception");
    }
    HttpResponse<String> missing = create("nope");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("does not exist; give a folder under " + root);
    assertThat(create("notes.txt").body()).contains("is not a folder");
    HttpResponse<String> forged =
        client.send(
            client
                .signedIn("/sessions")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        WebClient.encode(Map.of("goal", "x", "workspace", "credit")))));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(started).isNotDone();
    assertThat(tree()).isEqualTo(before);
    assertThat(engine.sessions()).isEmpty();
  }

  /** Every path under the temporary folder but the server's own store and ledger. */
  private List<String> tree() throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.map(p -> dir.relativize(p).toString())
          .filter(p -> !p.startsWith("home") && !p.startsWith("store"))
          .sorted()
          .toList();
    }
  }
}
