package dev.mlintern.compute.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.compute.JobService;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.NativeStatus;
import dev.mlintern.compute.ledger.JobTable;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.compute.tools.JobsInput;
import dev.mlintern.compute.tools.JobsTool;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolInputs;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.testkit.FakeHubRepos;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import dev.mlintern.testkit.Shared;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a paid HF job actually cost, reported against the call that submitted it: the fake HF Jobs
 * answers from the shared inspect fixtures (started 16:06:31Z, a10g-small at $1/h) while an
 * injected clock says how long it has run.
 */
class HfJobsCostTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String NATIVE = "687fb701029421ae5549d998";
  private static final Instant STARTED = Instant.parse("2025-07-22T16:06:31.079Z");
  @TempDir Path home;
  private final FixtureServer server = new FixtureServer();
  private final FakeHubRepos hub = new FakeHubRepos(server, "ns", "t");
  private final AtomicReference<Instant> now = new AtomicReference<>(STARTED);
  private final AtomicReference<String> stage = new AtomicReference<>("RUNNING");
  private final List<AgentEvent> events = new ArrayList<>();
  private LedgerDb db;
  private JobService service;
  private JobsTool tool;

  @BeforeEach
  void open() throws Exception {
    JsonNode running = JSON.readTree(Shared.fixture("hf_jobs_inspect_running.json").toFile());
    server.route("GET", "/api/jobs/hardware", Response.fixture(200, "hf_jobs_hardware.json"));
    server.route("POST", "/api/jobs/ns", Response.fixture(200, "hf_jobs_create.json"));
    server.route(
        "GET",
        "/api/jobs/ns/" + NATIVE + "/logs",
        Response.text(
            200,
            "text/event-stream",
            "data: {\"data\":\"===== Job started =====\",\"timestamp\":\"2025-07-22T16:06:31Z\"}\n\n"
                + "data: {\"data\":\"training\",\"timestamp\":\"2025-07-22T16:06:32Z\"}\n\n"));
    server.route(
        "GET",
        "/api/jobs/ns/" + NATIVE,
        r -> {
          ObjectNode info = running.deepCopy();
          ((ObjectNode) info.get("status")).put("stage", stage.get());
          if (!"RUNNING".equals(stage.get())) {
            info.put("finishedAt", STARTED.plus(Duration.ofMinutes(6)).toString());
          }
          return Response.json(200, info.toString());
        });
    Clock clock =
        new Clock() {
          @Override
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          @Override
          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          @Override
          public Instant instant() {
            return now.get();
          }
        };
    db = LedgerDb.open(home);
    HfJobsExecutor hf =
        new HfJobsExecutor(HttpClient.newHttpClient(), server.baseUrl(), "t", "ns", clock);
    service =
        new JobService(
            db, Map.of("hf-jobs", hf), home.resolve("jobs"), Secrets.none(), clock, d -> {});
    tool = new JobsTool(service, "hf-jobs", Duration.ofSeconds(1));
  }

  @AfterEach
  void close() {
    hub.close();
    server.close();
    db.close();
  }

  private ToolResult call(String callId, String session, String json) {
    ToolContext context =
        new ToolContext(session, callId, home, events::add, Secrets.none(), () -> false);
    return tool.call(
        ToolInputs.decode("jobs", JobsInput.class, ToolInputs.parse("jobs", json)), context);
  }

  private List<AgentEvent.Spend> spends() {
    return events.stream()
        .filter(AgentEvent.Spend.class::isInstance)
        .map(AgentEvent.Spend.class::cast)
        .toList();
  }

  @Test
  void aJobEstimatedForItsTimeoutThatRanSixMinutesReportsTheSmallerActualAgainstTheSubmittingCall()
      throws Exception {
    String id =
        call(
                "c-submit",
                "s-1",
                "{\"operation\": \"submit\", \"command\": [\"python\", \"train.py\"],"
                    + " \"executor\": \"hf-jobs\", \"flavor\": \"a10g-small\", \"timeout\": \"2h\", \"experiment\": \"cost\"}")
            .details()
            .path("id")
            .asText();
    JsonNode create =
        JSON.readTree(
            server.requests().stream()
                .filter(r -> r.method().equals("POST") && r.path().equals("/api/jobs/ns"))
                .findFirst()
                .orElseThrow()
                .body());
    assertThat(create.path("labels").path("call").asText()).isEqualTo("c-submit");
    assertThat(service.job(id).estimatedUsd()).isCloseTo(2.0, within(0.01));

    now.set(STARTED.plus(Duration.ofMinutes(3)));
    call("c-status", "s-1", "{\"operation\": \"status\", \"id\": \"" + id + "\"}");
    assertThat(spends())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.callId()).isEqualTo("c-submit");
              assertThat(s.usd()).isCloseTo(0.05, within(0.001));
              assertThat(s.complete()).isFalse();
            });

    stage.set("COMPLETED");
    now.set(STARTED.plus(Duration.ofHours(1)));
    call("c-wait", "s-1", "{\"operation\": \"wait\", \"id\": \"" + id + "\", \"seconds\": 5}");
    AgentEvent.Spend last = spends().get(spends().size() - 1);
    assertThat(last.callId()).isEqualTo("c-submit");
    assertThat(last.usd()).isCloseTo(0.10, within(0.001));
    assertThat(last.complete()).isTrue();
    assertThat(service.job(id).costUsd()).isCloseTo(0.10, within(0.001));
    assertThat(service.job(id).estimatedUsd()).isCloseTo(2.0, within(0.01));
    assertThat(service.ledger().requireRun(id).costUsd()).isCloseTo(0.10, within(0.001));
  }

  @Test
  void listReportsTheCostSoFarOfUnfinishedPaidJobsOnlyToTheSessionThatSubmittedThem() {
    call(
        "c-submit",
        "s-1",
        "{\"operation\": \"submit\", \"command\": [\"true\"], \"executor\": \"hf-jobs\","
            + " \"flavor\": \"a10g-small\"}");
    now.set(STARTED.plus(Duration.ofSeconds(61)));
    call("c-list", "s-1", "{\"operation\": \"list\", \"limit\": 5}");
    assertThat(spends())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.callId()).isEqualTo("c-submit");
              assertThat(s.usd())
                  .as("billed in started minutes")
                  .isCloseTo(2 / 60.0, within(0.0005));
              assertThat(s.complete()).isFalse();
            });
    events.clear();
    call("c-other", "s-2", "{\"operation\": \"list\", \"limit\": 5}");
    assertThat(spends()).isEmpty();
  }

  @Test
  void aLedgerWrittenBeforeActualCostsGainsTheColumnAndKeepsItsJobs() throws Exception {
    Path old = java.nio.file.Files.createDirectories(home.resolve("old"));
    try (java.sql.Connection c =
            java.sql.DriverManager.getConnection("jdbc:sqlite:" + old.resolve(LedgerDb.FILE_NAME));
        java.sql.Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE jobs (id TEXT PRIMARY KEY, executor TEXT NOT NULL, native_id TEXT, session_id TEXT,"
              + " detached INTEGER NOT NULL, command TEXT NOT NULL, output_dir TEXT NOT NULL, state TEXT NOT NULL,"
              + " exit_code INTEGER, message TEXT, submitted_at TEXT NOT NULL, ended_at TEXT, labels TEXT NOT NULL,"
              + " log_offset INTEGER NOT NULL DEFAULT 0, recorded INTEGER NOT NULL DEFAULT 0,"
              + " estimated_usd REAL NOT NULL DEFAULT 0, spec TEXT)");
      s.execute(
          "INSERT INTO jobs (id, executor, detached, command, output_dir, state, submitted_at, labels, estimated_usd)"
              + " VALUES ('j-old', 'hf-jobs', 0, '[\"true\"]', '/tmp/j-old', 'RUNNING', '2025-07-22T16:06:31Z', '{}', 0.5)");
    }
    try (LedgerDb reopened = LedgerDb.open(old)) {
      JobTable table = new JobTable(reopened);
      assertThat(table.require("j-old").costUsd()).isNull();
      table.setCost("j-old", 0.25);
      assertThat(table.require("j-old").costUsd()).isEqualTo(0.25);
      assertThat(table.require("j-old").estimatedUsd()).isEqualTo(0.5);
    }
  }

  @Test
  void anEndedJobWithoutAnEndTimeCostsItsReportedRunningSeconds() {
    HfJobsExecutor hf =
        new HfJobsExecutor(
            HttpClient.newHttpClient(),
            server.baseUrl(),
            "t",
            "ns",
            Clock.fixed(STARTED.plus(Duration.ofDays(3)), ZoneOffset.UTC));
    server.route(
        "GET",
        "/api/jobs/ns/x",
        r -> {
          try {
            ObjectNode info =
                (ObjectNode) JSON.readTree(Shared.fixture("hf_jobs_inspect_running.json").toFile());
            ((ObjectNode) info.get("status")).put("stage", "CANCELED");
            return Response.json(200, info.toString());
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    NativeStatus status = hf.status("x", home);
    assertThat(status.state()).isEqualTo(JobState.CANCELLED);
    assertThat(status.costUsd())
        .as("runningSecs 2 bills one minute of a10g-small")
        .isCloseTo(1 / 60.0, within(0.0005));
  }
}
