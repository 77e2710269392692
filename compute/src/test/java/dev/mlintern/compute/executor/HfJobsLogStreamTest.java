package dev.mlintern.compute.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.compute.JobService;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.compute.tools.JobsInput;
import dev.mlintern.compute.tools.JobsTool;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolInputs;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.core.tool.UntrustedText;
import dev.mlintern.testkit.FakeHubRepos;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HF Jobs log mirror follows the logs SSE stream (which replays the whole log on each
 * connection) from the number of events it already has: repeated {@code logs} calls with the
 * previous {@code next_offset} get only new lines. The stream is the stand-in {@code
 * hf_jobs_logs_stream.sse} (written here), capped at 3 new lines per fetch.
 */
class HfJobsLogStreamTest {
  private static final String NATIVE = "687fb701029421ae5549d998";
  @TempDir Path home;
  private final FixtureServer server = new FixtureServer();
  private final FakeHubRepos hub = new FakeHubRepos(server, "ns", "t");
  private final AtomicReference<String> stream = new AtomicReference<>();
  private LedgerDb db;
  private JobService service;
  private JobsTool tool;
  private String jobId;

  @BeforeEach
  void open() throws IOException {
    try (InputStream in =
        HfJobsLogStreamTest.class.getResourceAsStream("/hf_jobs_logs_stream.sse")) {
      stream.set(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    server.route("GET", "/api/jobs/hardware", Response.fixture(200, "hf_jobs_hardware.json"));
    server.route("POST", "/api/jobs/ns", Response.fixture(200, "hf_jobs_create.json"));
    server.route(
        "GET", "/api/jobs/ns/" + NATIVE, Response.fixture(200, "hf_jobs_inspect_running.json"));
    server.route(
        "GET",
        "/api/jobs/ns/" + NATIVE + "/logs",
        r -> Response.text(200, "text/event-stream", stream.get()));
    db = LedgerDb.open(home);
    HfJobsExecutor hf =
        new HfJobsExecutor(
            HttpClient.newHttpClient(),
            server.baseUrl(),
            "t",
            "ns",
            Clock.systemUTC(),
            HfJobsExecutor.Shipping.NONE,
            new SseLogMirror.Caps(3, Duration.ofSeconds(5), Duration.ofSeconds(20)));
    service =
        new JobService(
            db,
            Map.of("hf-jobs", hf),
            home.resolve("jobs"),
            Secrets.none(),
            Clock.systemUTC(),
            d -> {});
    tool = new JobsTool(service, "hf-jobs", Duration.ofSeconds(1));
    jobId =
        service
            .submit(JobSpec.of(List.of("python", "train.py")), "hf-jobs", "s-1", false, e -> {})
            .id();
  }

  @AfterEach
  void close() {
    hub.close();
    server.close();
    db.close();
  }

  private ToolResult logs(long since) {
    ToolContext context =
        new ToolContext("s-1", "c-logs", home, e -> {}, Secrets.none(), () -> false);
    String json = "{\"operation\": \"logs\", \"id\": \"" + jobId + "\", \"since\": " + since + "}";
    return tool.call(
        ToolInputs.decode("jobs", JobsInput.class, ToolInputs.parse("jobs", json)), context);
  }

  /** The log lines inside the untrusted envelope a remote job's log comes in. */
  private static List<String> lines(ToolResult result) {
    assertThat(result.untrusted()).as("a remote job's log is third-party text").isTrue();
    return result
        .content()
        .lines()
        .filter(l -> !l.startsWith("[next_offset"))
        .filter(l -> !l.equals(UntrustedText.WARNING) && !l.contains("untrusted"))
        .toList();
  }

  @Test
  void repeatedLogsCallsReturnOnlyTheLinesTheStreamAddedSinceTheLastOne() throws IOException {
    ToolResult first = logs(0);
    assertThat(lines(first))
        .containsExactly("loading data", "step 1 loss 2.31", "step 2 loss 1.87");
    ToolResult second = logs(first.details().path("next_offset").asLong());
    assertThat(lines(second)).containsExactly("step 3 loss 1.52", "step 4 loss 1.30");
    ToolResult idle = logs(second.details().path("next_offset").asLong());
    assertThat(lines(idle)).containsExactly("(no log lines)");

    stream.set(
        stream.get()
            + "data: {\"data\":\"step 5 loss 1.21\",\"timestamp\":\"2025-07-22T16:06:37Z\"}\n\n");
    ToolResult grown = logs(idle.details().path("next_offset").asLong());
    assertThat(lines(grown)).containsExactly("step 5 loss 1.21");
    assertThat(Files.readAllLines(service.job(jobId).log()))
        .hasSize(6)
        .doesNotHaveDuplicates()
        .noneMatch(l -> l.contains("===== Job started"));
  }

  @Test
  void anEventCutOffByABrokenStreamIsMirroredOnceWhenItArrivesWhole() throws IOException {
    String whole = stream.get();
    stream.set(whole + "data: {\"data\":\"step 5 lo");
    logs(0);
    logs(0);
    assertThat(Files.readAllLines(service.job(jobId).log()))
        .hasSize(5)
        .last()
        .isEqualTo("step 4 loss 1.30");

    stream.set(whole + "data: {\"data\":\"step 5 loss 1.21\"}\n\n");
    logs(0);
    assertThat(Files.readAllLines(service.job(jobId).log()))
        .hasSize(6)
        .last()
        .isEqualTo("step 5 loss 1.21");
  }

  @Test
  void aLogsStreamTheServerRefusesLeavesTheMirrorAsItIs() throws IOException {
    long next = logs(0).details().path("next_offset").asLong();
    server.enqueue(Response.json(500, "{\"error\": \"logs unavailable\"}"));
    assertThat(lines(logs(next))).containsExactly("(no log lines)");
    assertThat(Files.readAllLines(service.job(jobId).log())).hasSize(3);
    assertThat(lines(logs(next))).containsExactly("step 3 loss 1.52", "step 4 loss 1.30");
  }

  @Test
  void aStreamThatStaysOpenIsReadUntilItGoesQuietNotUntilItCloses() throws Exception {
    // FixtureServer always ends its responses; HF keeps the stream open while the job runs, so this
    // one is a bare
    // JDK server that sends the stand-in stream and then holds the connection until the test ends.
    java.util.concurrent.CountDownLatch end = new java.util.concurrent.CountDownLatch(1);
    com.sun.net.httpserver.HttpServer open =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    open.createContext(
        "/",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
          exchange.sendResponseHeaders(200, 0);
          exchange.getResponseBody().write(stream.get().getBytes(StandardCharsets.UTF_8));
          exchange.getResponseBody().flush();
          try {
            end.await(30, java.util.concurrent.TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.close();
        });
    open.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    open.start();
    try {
      HfJobsExecutor hf =
          new HfJobsExecutor(
              HttpClient.newHttpClient(),
              "http://127.0.0.1:" + open.getAddress().getPort(),
              "t",
              "ns",
              Clock.systemUTC(),
              HfJobsExecutor.Shipping.NONE,
              new SseLogMirror.Caps(100, Duration.ofMillis(300), Duration.ofSeconds(20)));
      Path dir = Files.createDirectories(home.resolve("open"));
      long started = System.nanoTime();
      hf.fetchLog(NATIVE, dir);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
      assertThat(Files.readAllLines(dir.resolve("stdout.log")))
          .hasSize(5)
          .last()
          .isEqualTo("step 4 loss 1.30");
    } finally {
      end.countDown();
      open.stop(0);
    }
  }
}
