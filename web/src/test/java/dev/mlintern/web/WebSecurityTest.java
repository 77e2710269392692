package dev.mlintern.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.secret.Secrets;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebSecurityTest {
  static final String SECRET = "hf_SecretTokenValue1234567890abcd";
  static final String SETTINGS_SECRET = "custom-secret-value-42";

  @TempDir Path dir;
  Served served;
  StoreEngine engine;
  AccessToken token;
  WebClient client;
  String session;

  @BeforeEach
  void start() {
    served = Served.start(dir, Secrets.of(Map.of("MY_KEY", SETTINGS_SECRET)));
    engine = served.engine();
    token = served.token();
    client = served.client();
    session = engine.create("Classify <script>alert('goal')</script> reviews");
  }

  @AfterEach
  void stop() {
    served.close();
  }

  @Test
  void everyRequestWithoutTheTokenIs401() {
    for (String path :
        List.of(
            "/",
            "/new",
            "/sessions/" + session,
            "/sessions/" + session + "/events",
            "/assets/htmx.min.js",
            "/sessions/" + session + "/download?path=a.txt",
            "/no/such/page")) {
      HttpResponse<String> response =
          client.send(client.request(path).header("Accept", "text/event-stream"));
      assertThat(response.statusCode()).as(path).isEqualTo(401);
      assertThat(response.body()).doesNotContain("<html");
    }
    assertThat(
            client.send(client.request("/").header("Cookie", Guard.COOKIE + "=wrong")).statusCode())
        .isEqualTo(401);
    assertThat(client.send(client.request("/?token=wrong")).statusCode()).isEqualTo(401);
    HttpResponse<String> post =
        client.send(
            client
                .request("/sessions/" + session + "/messages")
                .POST(HttpRequest.BodyPublishers.ofString("text=hi")));
    assertThat(post.statusCode()).isEqualTo(401);
    assertThat(engine.messages).isEmpty();
  }

  @Test
  void thePrintedUrlTradesTheTokenForAStrictHttpOnlyCookie() {
    HttpResponse<String> response = client.send(client.request("/?token=" + token.value()));
    assertThat(response.statusCode()).isEqualTo(302);
    assertThat(response.headers().firstValue("Location")).hasValue("/");
    String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie)
        .startsWith(Guard.COOKIE + "=" + token.value())
        .contains("HttpOnly")
        .contains("SameSite=Strict");
    assertThat(client.get("/").statusCode()).isEqualTo(200);
    assertThat(
            client
                .send(client.request("/").header("Authorization", "Bearer " + token.value()))
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void pathTraversalInArtifactDownloadIsRefused() throws Exception {
    Path ws = engine.workspace(session);
    Files.writeString(ws.resolve("result.txt"), "accuracy 0.93");
    Files.writeString(dir.resolve("outside.txt"), "not yours");
    Files.createSymbolicLink(ws.resolve("link.txt"), dir.resolve("outside.txt"));
    String base = "/sessions/" + session;

    HttpResponse<String> ok = client.get(base + "/download?path=result.txt");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("accuracy 0.93");
    assertThat(ok.headers().firstValue("Content-Disposition").orElseThrow())
        .startsWith("attachment");

    for (String evil :
        List.of(
            "../../outside.txt",
            "..%2F..%2Foutside.txt",
            "/etc/passwd",
            "%2Fetc%2Fpasswd",
            "link.txt",
            "sub/../../../outside.txt")) {
      HttpResponse<String> response = client.get(base + "/download?path=" + evil);
      assertThat(response.statusCode()).as(evil).isIn(403, 404);
      assertThat(response.body()).as(evil).doesNotContain("not yours").doesNotContain("root:");
    }
    assertThat(client.get(base + "/download?path=..%2F..%2Foutside.txt").statusCode())
        .isEqualTo(403);
    assertThat(client.get(base + "/artifacts?path=..").statusCode()).isEqualTo(403);
    assertThat(client.get(base + "/artifacts").body()).contains("result.txt");
  }

  @Test
  void crossSitePostsAreRefused() {
    String path = "/sessions/" + session + "/messages";
    String form = "text=rm+-rf";
    HttpRequest.Builder evilOrigin =
        client
            .signedIn(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", "http://evil.example")
            .header(Guard.CSRF_HEADER, token.csrf())
            .POST(HttpRequest.BodyPublishers.ofString(form));
    assertThat(client.send(evilOrigin).statusCode()).isEqualTo(403);
    HttpRequest.Builder crossSite =
        client
            .signedIn(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Sec-Fetch-Site", "cross-site")
            .header(Guard.CSRF_HEADER, token.csrf())
            .POST(HttpRequest.BodyPublishers.ofString(form));
    assertThat(client.send(crossSite).statusCode()).isEqualTo(403);
    HttpRequest.Builder noCsrf =
        client
            .signedIn(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", client.base())
            .POST(HttpRequest.BodyPublishers.ofString(form));
    assertThat(client.send(noCsrf).statusCode()).isEqualTo(403);
    HttpRequest.Builder wrongCsrfField =
        client
            .signedIn(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form + "&_csrf=guess"));
    assertThat(client.send(wrongCsrfField).statusCode()).isEqualTo(403);
    assertThat(engine.messages).isEmpty();

    assertThat(client.post(path, Map.of("text", "please continue")).statusCode()).isEqualTo(204);
    assertThat(engine.messages).containsExactly("please continue");
  }

  @Test
  void scriptsInToolOutputLogsAndReportsRenderAsText() throws Exception {
    String evil = "<script>alert('x')</script><img src=x onerror=alert(1)>";
    engine.append(
        session,
        new AgentEvent.JobSubmitted("j-aaaaaaaaaaaa", "local", "1", "python " + evil, Map.of()));
    engine.append(session, new AgentEvent.JobLog("j-aaaaaaaaaaaa", List.of(evil)));
    engine.append(
        session,
        new AgentEvent.Metric("j-aaaaaaaaaaaa", evil, TextNode.valueOf("NaN"), 1L, "train"));
    engine.append(session, new AgentEvent.ToolResult("c1", "read", evil, false, null, null));
    Files.writeString(engine.workspace(session).resolve("report.md"), "# Report\n" + evil);
    Files.writeString(engine.workspace(session).resolve(evil.replace('/', '_') + ".txt"), "x");
    String base = "/sessions/" + session;
    for (String path :
        List.of(
            "/",
            base,
            base + "/jobs",
            base + "/jobs/rows",
            base + "/jobs/j-aaaaaaaaaaaa",
            base + "/experiments",
            base + "/report",
            base + "/artifacts")) {
      HttpResponse<String> page = client.get(path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.body()).as(path).doesNotContain("<script>alert").doesNotContain("<img src=x");
      assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
          .contains("script-src 'self'");
    }
    assertThat(client.get("/").body())
        .contains("&lt;script&gt;alert(&#39;goal&#39;)&lt;/script&gt;");
    assertThat(client.get(base + "/jobs/j-aaaaaaaaaaaa").body())
        .contains("&lt;script&gt;alert(&#39;x&#39;)");
    assertThat(client.get(base + "/report").body()).contains("&lt;script&gt;");
  }

  @Test
  void secretsNeverReachThePage() throws Exception {
    engine.append(
        session,
        new AgentEvent.ToolResult(
            "c1", "shell", "token is " + SECRET + " and " + SETTINGS_SECRET, false, null, null));
    engine.append(
        session, new AgentEvent.JobLog("j-bbbbbbbbbbbb", List.of("export KEY=" + SETTINGS_SECRET)));
    engine.append(
        session,
        new AgentEvent.JobSubmitted(
            "j-bbbbbbbbbbbb", "local", "1", "echo " + SETTINGS_SECRET, Map.of()));
    Files.writeString(engine.workspace(session).resolve("report.md"), "key " + SETTINGS_SECRET);
    String base = "/sessions/" + session;
    for (String path :
        List.of(
            "/",
            base,
            base + "/jobs",
            base + "/jobs/j-bbbbbbbbbbbb",
            base + "/experiments",
            base + "/report")) {
      assertThat(client.get(path).body())
          .as(path)
          .doesNotContain(SECRET)
          .doesNotContain(SETTINGS_SECRET);
    }
    String events = EventStreamReader.read(client, base + "/events", null, 5);
    assertThat(events).contains("token is").doesNotContain(SECRET).doesNotContain(SETTINGS_SECRET);
  }
}
