package dev.mlintern.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.ledger.Ledger;
import dev.mlintern.compute.ledger.RunRecord;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.secret.Secrets;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global jobs and experiments routes over a real ledger with jobs run by compute's job service
 * from no session: listing, filters, the full log as text/plain with paging, and their security
 * (token, escaping, traversal, secrets).
 */
class AllJobsTest {
  static final String SECRET = "custom-secret-value-42";
  static final Secrets SECRETS = Secrets.of(Map.of("MY_KEY", SECRET));

  @TempDir Path dir;
  CliJobs jobs;
  StoreEngine engine;
  WebServer server;
  WebClient client;

  @BeforeEach
  void start() {
    jobs = CliJobs.open(dir.resolve("home"), SECRETS);
    engine = new StoreEngine(dir, Secrets.none());
    AccessToken token = AccessToken.of("test-token-0123456789abcdef");
    server = new WebServer(engine, token, SECRETS, jobs.db()).start("127.0.0.1", 0);
    client = new WebClient(server, token);
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    jobs.close();
  }

  @Test
  void aCliJobIsListedWithItsStateDurationAndNoSession() throws Exception {
    JobRecord job = jobs.runToEnd("echo hello");
    String page = client.get("/jobs").body();
    assertThat(page)
        .contains("data-job=\"" + job.id() + "\"")
        .contains("succeeded")
        .contains("CLI");
    assertThat(page).doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d+");
    engine.create("A session listed with its local update time");
    assertThat(client.get("/").body())
        .containsPattern("<td>\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}</td>")
        .doesNotContainPattern("\\d{2}:\\d{2}:\\d{2}\\.\\d+");
    assertThat(client.get("/jobs?session=cli&executor=local&state=succeeded").body())
        .contains(job.id());
    assertThat(client.get("/jobs?state=failed").body()).doesNotContain(job.id());
    assertThat(client.get("/jobs?session=s-other").body()).doesNotContain(job.id());
    assertThat(client.get("/jobs?state=%3Cscript%3E").statusCode()).isEqualTo(400);
  }

  @Test
  void theFullLogOfAFinishedJobIsPlainTextPagedByOffsetWithSecretsRedacted() throws Exception {
    JobRecord job =
        jobs.runToEnd(
            "i=0; while [ $i -lt 3000 ]; do printf 'line %04d\\n' $i; i=$((i+1)); done; echo "
                + SECRET);
    HttpResponse<String> log = client.get("/jobs/" + job.id() + "/log");
    assertThat(log.statusCode()).isEqualTo(200);
    assertThat(log.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
    assertThat(log.body()).contains("line 0000\n").contains("line 2999\n").doesNotContain(SECRET);
    int offset = log.body().indexOf("line 2990");
    String rest = client.get("/jobs/" + job.id() + "/log?offset=" + offset).body();
    assertThat(rest).startsWith("line 2990\n").doesNotContain("line 2989");
    assertThat(client.get("/jobs/" + job.id()).body())
        .contains("line 0000")
        .contains("line 2999")
        .doesNotContain(SECRET);
  }

  @Test
  void aSessionJobPageShowsTheWholeLogOnceTheJobHasFinished() throws Exception {
    String session = engine.create("Train a model");
    JobRecord job =
        jobs.runToEnd(session, "i=0; while [ $i -lt 400 ]; do echo \"epoch $i\"; i=$((i+1)); done");
    engine.append(
        session, new AgentEvent.JobSubmitted(job.id(), "local", job.nativeId(), "sh", Map.of()));
    engine.append(session, new AgentEvent.JobStatus(job.id(), "succeeded", 0, null));
    String page = client.get("/sessions/" + session + "/jobs/" + job.id()).body();
    assertThat(page).contains("epoch 0\n").contains("epoch 399\n");
    assertThat(page.split("class=\"line\"", -1)).hasSize(401);
  }

  @Test
  void experimentsListTheirRunsCountAndBestMetric() {
    Ledger ledger = jobs.service().ledger();
    ledger.describe("credit <b>risk</b>", "Predict default");
    for (double accuracy : new double[] {0.81, 0.9, 0.86}) {
      ObjectNode metrics = JsonNodeFactory.instance.objectNode().put("val/accuracy", accuracy);
      ledger.record(
          new RunRecord(
              null,
              "credit <b>risk</b>",
              null,
              null,
              null,
              null,
              null,
              null,
              "local",
              null,
              "ok",
              metrics,
              null,
              null,
              Instant.now()));
    }
    String page = client.get("/experiments").body();
    assertThat(page)
        .contains("credit &lt;b&gt;risk&lt;/b&gt;")
        .contains("Predict default")
        .contains("<td class=\"runs\">3</td>")
        .contains("val/accuracy 0.9000");
  }

  @Test
  void theNewRoutesRefuseRequestsWithoutTheTokenAndEscapeCommandsAndRefuseTraversal()
      throws Exception {
    JobRecord job = jobs.runToEnd("echo '<script>alert(1)</script>'");
    for (String path :
        List.of("/jobs", "/jobs/" + job.id(), "/jobs/" + job.id() + "/log", "/experiments")) {
      assertThat(client.send(client.request(path)).statusCode()).as(path).isEqualTo(401);
      HttpResponse<String> page = client.get(path);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      if (!path.endsWith("/log")) {
        assertThat(page.body()).as(path).doesNotContain("<script>alert");
      }
    }
    assertThat(client.get("/jobs").body()).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    assertThat(client.get("/jobs/" + job.id() + "/log").headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    for (String path :
        List.of(
            "/jobs/..%2F..%2F..%2Fetc%2Fpasswd/log",
            "/jobs/%2E%2E/log", "/jobs/..%5Cjobs/log", "/jobs/j-nosuchjob/log")) {
      HttpResponse<String> refused = client.get(path);
      assertThat(refused.statusCode()).as(path).isIn(400, 404);
      assertThat(refused.body()).as(path).doesNotContain("root:");
    }
  }
}
