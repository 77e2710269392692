package dev.mlintern.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.ledger.Ledger;
import dev.mlintern.compute.ledger.RunRecord;
import dev.mlintern.core.secret.Secrets;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment's page, a run's page and the comparison over a real ledger: runs recorded directly
 * and runs of real local jobs that print metrics over steps. Sorting, filtering and paging are
 * checked on the rows the server sends; security (token, escaping, traversal) on every new route.
 */
class ExperimentPageTest {
  static final Pattern ROW = Pattern.compile("<tr data-run=\"([^\"]+)\">");

  @TempDir Path dir;
  CliJobs jobs;
  StoreEngine engine;
  WebServer server;
  WebClient client;

  @BeforeEach
  void start() {
    jobs = CliJobs.open(dir.resolve("home"), Secrets.none());
    engine = new StoreEngine(dir, Secrets.none());
    AccessToken token = AccessToken.of("test-token-0123456789abcdef");
    server = new WebServer(engine, token, Secrets.none(), jobs.db()).start("127.0.0.1", 0);
    client = new WebClient(server, token);
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    jobs.close();
  }

  /** Records {@code n} runs of "search": svc or gbm with C = i, accuracy rising with i. */
  static void recordRuns(Ledger ledger, String experiment, int n) {
    Instant start = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < n; i++) {
      ObjectNode config = JsonNodeFactory.instance.objectNode();
      config.put("model", i % 2 == 0 ? "svc" : "gbm").put("train", "data/train.csv");
      config.putObject("params").put("C", i).put("max_depth", i % 3);
      config.putObject("autopilot").put("trial", "cv").put("candidate", "cand-" + i);
      ObjectNode metrics =
          JsonNodeFactory.instance.objectNode().put("accuracy", 0.5 + i / (2.0 * n));
      ledger.record(
          new RunRecord(
              String.format(Locale.ROOT, "r-run%05d", i),
              experiment,
              null,
              null,
              config,
              null,
              null,
              null,
              "local",
              null,
              "ok",
              metrics,
              null,
              null,
              start.plusSeconds(i)));
    }
  }

  static List<String> rows(String page) {
    Matcher m = ROW.matcher(page);
    List<String> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theRunsTablePagesSortsByMetricOrParameterAndFilters() throws Exception {
    recordRuns(jobs.service().ledger(), "search", 120);
    String first = client.get("/experiments/search").body();
    assertThat(rows(first)).hasSize(50).startsWith("r-run00119");
    assertThat(first)
        .contains("Runs 1–50 of 120")
        .contains("cv · cand-119")
        .contains("data-sort=\"metric:accuracy\"")
        .contains("data-sort=\"param:params.C\"")
        .contains("data-sort=\"param:model\"")
        .contains("data-sort=\"param:params.max_depth\"")
        .doesNotContain("data-sort=\"param:train\"")
        .contains("id=\"next-page\"");
    assertThat(client.get("/experiments").body()).contains("href=\"/experiments/search\"");

    String ascending = client.get("/experiments/search?sort=metric:accuracy&dir=asc").body();
    assertThat(rows(ascending)).startsWith("r-run00000", "r-run00001");
    assertThat(ascending).contains("aria-sort=\"ascending\"");
    String byC = client.get("/experiments/search?sort=param:params.C&dir=desc&offset=100").body();
    assertThat(rows(byC)).hasSize(20).startsWith("r-run00019").endsWith("r-run00000");
    assertThat(byC).contains("Runs 101–120 of 120").contains("id=\"previous-page\"");
    assertThat(rows(client.get("/experiments/search?sort=param:params.max_depth&dir=asc").body()))
        .startsWith("r-run00117", "r-run00114");

    String filtered =
        client
            .get(
                "/experiments/search?q="
                    + java.net.URLEncoder.encode(
                        "accuracy >= 0.98 and model = gbm",
                        java.nio.charset.StandardCharsets.UTF_8))
            .body();
    assertThat(rows(filtered)).containsExactly("r-run00119", "r-run00117");
    assertThat(rows(client.get("/experiments/search?q=params.C+%3C+2").body()))
        .containsExactly("r-run00001", "r-run00000");
    assertThat(rows(client.get("/experiments/search?q=cand-7").body())).contains("r-run00007");
    HttpResponse<String> bad = client.get("/experiments/search?q=model+%3E+svc");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("compare text with = or !=");
    assertThat(client.get("/experiments/search?sort=metric:nope").statusCode()).isEqualTo(400);
    assertThat(client.get("/experiments/nope").statusCode()).isEqualTo(404);
  }

  @Test
  void aJobsRunShowsItsMetricsOverStepsParametersLogLinkAndRerunCommand() throws Exception {
    JobRecord job =
        jobs.runInExperiment(
            "curves",
            JsonNodeFactory.instance.objectNode().put("model", "mlp").put("lr", 0.01),
            curve(0.5));
    String page = client.get("/runs/" + job.id()).body();
    assertThat(page)
        .contains("<h1>mlp lr=0.01</h1>")
        .contains("href=\"/experiments/curves\"")
        .contains("<th>lr</th><td>0.01</td>")
        .contains("<th>loss</th><td>0.1000</td>")
        .contains("\"title\":\"loss\"")
        .contains("\"x\":[0,1,2,3]")
        .contains("href=\"/jobs/" + job.id() + "/log\"");
    assertThat(page)
        .containsPattern(
            "mlintern jobs submit --executor local --config \\S+config.json --experiment curves"
                + " -- sh -c ");
    assertThat(client.get("/runs/r-nosuchrun").statusCode()).isEqualTo(404);
  }

  @Test
  void comparingRunsOverlaysCurvesScattersAParameterAndDiffsTheirConfigs() throws Exception {
    JobRecord a =
        jobs.runInExperiment(
            "cmp",
            JsonNodeFactory.instance.objectNode().put("model", "mlp").put("lr", 0.1),
            curve(1));
    JobRecord b =
        jobs.runInExperiment(
            "cmp",
            JsonNodeFactory.instance.objectNode().put("model", "mlp").put("lr", 0.3),
            curve(2));
    String runA = jobs.service().ledger().requireRun(a.id()).id();
    String runB = jobs.service().ledger().requireRun(b.id()).id();
    String page =
        client.get("/experiments/cmp/compare?run=" + runA + "&run=" + runB + "&metric=loss").body();
    assertThat(page)
        .contains("Compare 2 runs")
        .contains("\"title\":\"loss over steps\"")
        .contains("\"label\":\"mlp lr=0.1\"")
        .contains("\"label\":\"mlp lr=0.3\"")
        .contains("\"title\":\"loss against lr\"")
        .contains("<tr class=\"differs\"><th>lr</th><td>0.1</td><td>0.3</td></tr>")
        .doesNotContain("<th>model</th>");
    assertThat(
            client.get("/experiments/cmp/compare?run=" + runA + "&run=" + runB + "&all=1").body())
        .contains("<tr><th>model</th><td>mlp</td><td>mlp</td></tr>");

    recordRuns(jobs.service().ledger(), "other", 1);
    assertThat(client.get("/experiments/cmp/compare?run=" + runA + "&run=r-run00000").statusCode())
        .isEqualTo(400);
    assertThat(client.get("/experiments/cmp/compare").statusCode()).isEqualTo(400);
    assertThat(client.get("/experiments/cmp/compare?run=" + runA + "&metric=nope").statusCode())
        .isEqualTo(400);
  }

  @Test
  void theNewRoutesNeedTheTokenEscapeWhatRunsWroteAndRefuseTraversal() throws Exception {
    String name = "risk <b>bold</b>";
    ObjectNode config = JsonNodeFactory.instance.objectNode();
    config.put("model", "</script><script>alert(1)</script>");
    JobRecord job = jobs.runInExperiment(name, config, curve(1));
    recordRuns(jobs.service().ledger(), name, 2);
    String run = jobs.service().ledger().requireRun(job.id()).id();
    String experiment = "/experiments/" + Html.url(name);
    for (String path :
        List.of(
            experiment,
            experiment + "/compare?run=" + run + "&run=r-run00000",
            "/runs/" + run,
            "/runs/" + job.id())) {
      assertThat(client.send(client.request(path)).statusCode()).as(path).isEqualTo(401);
      HttpResponse<String> page = client.get(path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.body())
          .as(path)
          .doesNotContain("<script>alert")
          .doesNotContain("<b>bold</b>")
          .contains("&lt;b&gt;bold&lt;/b&gt;");
      assertThat(page.body().split("</script>", -1).length - 1)
          .as(path + ": only our own script tags close")
          .isEqualTo(page.body().split("<script", -1).length - 1);
    }
    for (String path :
        List.of(
            "/runs/..%2F..%2Fetc%2Fpasswd",
            "/runs/%2E%2E",
            "/runs/r-x%27%20OR%201=1--",
            "/experiments/..%2F..%2Fetc/compare?run=" + run,
            experiment + "/compare?run=..%2Fetc")) {
      HttpResponse<String> refused = client.get(path);
      assertThat(refused.statusCode()).as(path).isIn(400, 404);
      assertThat(refused.body()).as(path).doesNotContain("root:");
    }
  }

  /** A job that prints {@code loss} at steps 0..3, starting at {@code start}, then a result. */
  static String curve(double start) {
    StringBuilder script = new StringBuilder();
    for (int step = 0; step < 4; step++) {
      script.append(
          String.format(
              Locale.ROOT,
              "echo 'MLINTERN_METRIC {\"name\": \"loss\", \"value\": %.4f, \"step\": %d}'; ",
              start / (step + 1) * (step == 3 ? 0.8 : 1),
              step));
    }
    return script.toString();
  }

  @Test
  void anExperimentIsRenamedAndARunNotedOnlyBySameOriginFormsWithTheCsrfToken() {
    recordRuns(jobs.service().ledger(), "search", 3);
    jobs.service().ledger().describe("taken", "another experiment");
    HttpResponse<String> forged =
        client.send(
            client
                .signedIn("/experiments/search/rename")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        WebClient.encode(java.util.Map.of("name", "stolen")))));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(client.post("/experiments/search/rename", java.util.Map.of("name", "taken")).body())
        .contains("already called 'taken'");
    assertThat(
            client.post("/experiments/search/rename", java.util.Map.of("name", " ")).statusCode())
        .isEqualTo(400);
    HttpResponse<String> renamed =
        client.post("/experiments/search/rename", java.util.Map.of("name", "credit <v2>"));
    assertThat(renamed.statusCode()).isEqualTo(303);
    assertThat(renamed.headers().firstValue("Location")).hasValue("/experiments/credit%20%3Cv2%3E");
    assertThat(client.get("/experiments/search").statusCode()).isEqualTo(404);
    assertThat(rows(client.get("/experiments/credit%20%3Cv2%3E").body())).hasSize(3);

    assertThat(
            client
                .post("/runs/r-run00001/notes", java.util.Map.of("notes", "#best <i>refit</i> me"))
                .statusCode())
        .isEqualTo(303);
    assertThat(client.get("/runs/r-run00001").body())
        .contains("#best &lt;i&gt;refit&lt;/i&gt; me</textarea>");
    assertThat(rows(client.get("/experiments/credit%20%3Cv2%3E?q=%23best").body()))
        .containsExactly("r-run00001");
    assertThat(client.post("/runs/..%2Fx/notes", java.util.Map.of("notes", "x")).statusCode())
        .isIn(400, 404);
  }
}
