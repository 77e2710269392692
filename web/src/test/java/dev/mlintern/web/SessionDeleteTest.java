package dev.mlintern.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.secret.Secrets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deleting a session from the web UI: asked first, CSRF-guarded, never the project's files. */
class SessionDeleteTest {
  @TempDir Path dir;
  Served served;
  StoreEngine engine;
  WebClient client;
  String session;
  Path outputs;

  @BeforeEach
  void start() throws Exception {
    served = Served.start(dir, Secrets.none());
    engine = served.engine();
    client = served.client();
    session = engine.create("delete me after the demo");
    engine.append(session, new AgentEvent.TurnComplete("done", "ok", null));
    Path project = engine.workspace(session);
    outputs = project.resolve("mlintern-runs").resolve(session);
    Files.createDirectories(outputs);
    Files.writeString(outputs.resolve("report.md"), "# report");
    Files.writeString(project.resolve("train.csv"), "a,b");
  }

  @AfterEach
  void stop() {
    served.close();
  }

  @Test
  void theListAndSessionPageLinkToAConfirmationThatOffersToKeepOrRemoveOutputs() {
    String delete = "/sessions/" + session + "/delete";
    assertThat(client.get("/").body()).contains("href=\"" + delete + "\"");
    assertThat(client.get("/sessions/" + session).body()).contains("href=\"" + delete + "\"");

    HttpResponse<String> confirm = client.get(delete);
    assertThat(confirm.statusCode()).isEqualTo(200);
    assertThat(confirm.body())
        .contains("Delete session?")
        .contains("name=\"_csrf\"")
        .contains("value=\"keep\" checked")
        .contains("value=\"remove\"")
        .contains(outputs.toString());
    assertThat(engine.session(session)).isPresent();
  }

  @Test
  void keepingOutputsDeletesOnlyTheHistory() {
    HttpResponse<String> deleted =
        client.post("/sessions/" + session + "/delete", Map.of("outputs", "keep"));
    assertThat(deleted.statusCode()).isEqualTo(303);
    assertThat(deleted.headers().firstValue("Location")).contains("/");
    assertThat(engine.session(session)).isEmpty();
    assertThat(client.get("/").body()).doesNotContain(session);
    assertThat(outputs.resolve("report.md")).exists();
  }

  @Test
  void removingOutputsNeverTouchesTheRestOfTheProject() {
    assertThat(
            client
                .post("/sessions/" + session + "/delete", Map.of("outputs", "remove"))
                .statusCode())
        .isEqualTo(303);
    assertThat(outputs).doesNotExist();
    assertThat(engine.workspace(session).resolve("train.csv")).hasContent("a,b");
    assertThat(client.get("/sessions/" + session).statusCode()).isEqualTo(404);
  }

  @Test
  void aRunningSessionIsRefusedWithAClearMessage() {
    engine.append(session, new AgentEvent.UserMessage("keep going"));
    assertThat(client.get("/sessions/" + session + "/delete").body())
        .contains("This session is running; interrupt it")
        .doesNotContain("<form class=\"delete-session\"");
    HttpResponse<String> refused =
        client.post("/sessions/" + session + "/delete", Map.of("outputs", "remove"));
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.body()).contains("is running; interrupt it");
    assertThat(engine.session(session)).isPresent();
    assertThat(outputs).exists();
  }

  @Test
  void postsWithoutTheCsrfTokenOrFromElsewhereAreRefused() {
    String path = "/sessions/" + session + "/delete";
    HttpRequest.Builder noCsrf =
        client
            .signedIn(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", client.base())
            .POST(HttpRequest.BodyPublishers.ofString("outputs=remove"));
    assertThat(client.send(noCsrf).statusCode()).isEqualTo(403);
    HttpRequest.Builder wrongField =
        client
            .signedIn(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("outputs=remove&_csrf=guess"));
    assertThat(client.send(wrongField).statusCode()).isEqualTo(403);
    HttpRequest.Builder noToken =
        client
            .request(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("outputs=remove"));
    assertThat(client.send(noToken).statusCode()).isEqualTo(401);
    assertThat(engine.session(session)).isPresent();
    assertThat(outputs).exists();
  }

  @Test
  void traversalLookingIdsDeleteNothing() {
    for (String evil : new String[] {"..", "%2E%2E", "..%2F" + session, "%2E%2E%2F..%2Fetc"}) {
      String path = "/sessions/" + evil + "/delete";
      assertThat(client.get(path).statusCode()).as(evil).isIn(400, 404);
      assertThat(client.post(path, Map.of("outputs", "remove")).statusCode())
          .as(evil)
          .isIn(400, 404);
    }
    assertThat(engine.session(session)).isPresent();
    assertThat(outputs).exists();
    assertThat(engine.workspace(session).resolve("train.csv")).exists();
  }
}
