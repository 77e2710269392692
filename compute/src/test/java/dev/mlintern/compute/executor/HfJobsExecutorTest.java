package dev.mlintern.compute.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.JobException;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobService;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.JobView;
import dev.mlintern.compute.LogQuery;
import dev.mlintern.compute.Resources;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.compute.shipping.JobImage;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.testkit.FakeHfJobs;
import dev.mlintern.testkit.FixtureServer;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor contract against a fake HF Jobs server, plus the request shape, secrets, prices and
 * stage mapping.
 */
class HfJobsExecutorTest extends JobExecutorContract {
  static final String TOKEN = "hf_testtokenabcdefghijklmnopqrstuv";
  @TempDir Path home;
  private FakeHfJobs fake;
  private LedgerDb db;
  private JobService service;
  private HfJobsExecutor executor;

  @BeforeEach
  void open() throws Exception {
    fake = new FakeHfJobs(home.resolve("hf"), "ns", TOKEN, Path.of("/usr/bin/python3"));
    db = LedgerDb.open(home);
    executor = new HfJobsExecutor(HttpClient.newHttpClient(), fake.baseUrl(), TOKEN, "ns");
    service =
        new JobService(
            db,
            Map.of("hf-jobs", executor),
            home.resolve("jobs"),
            Secrets.of(Map.of("HF_TOKEN", "hf_jobsecretvalue0123456789abcdef")),
            Clock.systemUTC(),
            Sleeper.SYSTEM);
  }

  @AfterEach
  void close() {
    cancelAll();
    fake.close();
    db.close();
  }

  @Override
  protected JobService service() {
    return service;
  }

  @Override
  protected String executorName() {
    return "hf-jobs";
  }

  @Override
  protected boolean reportsExitCodes() {
    return false;
  }

  @Override
  protected void assertNothingLeft(JobRecord job) {
    assertThat(fake.running(job.nativeId())).isFalse();
  }

  @Test
  void theCreateRequestCarriesImageFlavorTimeoutLabelsSecretsAndConfig() throws Exception {
    JobSpec spec =
        shell("cat \"$MLINTERN_CONFIG\"; echo; echo token=$HF_TOKEN")
            .withResources(new Resources(1, 0, 0, "a10g-small"))
            .withTimeout(Duration.ofHours(2))
            .withSecrets(List.of("HF_TOKEN"))
            .withConfig(new ObjectMapper().readTree("{\"lr\": 0.5}"));
    JobRecord job = service.submit(spec, "hf-jobs", "s-9", false, events::add);
    FixtureServer.Request create =
        fake.server().requests().stream()
            .filter(r -> r.method().equals("POST") && r.path().equals("/api/jobs/ns"))
            .findFirst()
            .orElseThrow();
    JsonNode body = new ObjectMapper().readTree(create.body());
    assertThat(create.header("Authorization"))
        .isEqualTo("Bearer hf_testtokenabcdefghijklmnopqrstuv");
    assertThat(body.path("dockerImage").asText()).isEqualTo(JobImage.GPU_DEFAULT);
    assertThat(body.path("flavor").asText()).isEqualTo("a10g-small");
    assertThat(body.path("timeoutSeconds").asLong()).isEqualTo(7200);
    assertThat(body.path("labels").path("mlintern_job").asText()).isEqualTo(job.id());
    assertThat(body.path("labels").path("session").asText()).isEqualTo("s-9");
    assertThat(body.path("secrets").path("HF_TOKEN").asText())
        .isEqualTo("hf_jobsecretvalue0123456789abcdef");
    assertThat(body.path("environment").has("HF_TOKEN")).isFalse();
    assertThat(job.estimatedUsd()).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
    JobView done =
        service.await(job.id(), Duration.ofSeconds(30), Duration.ofMillis(200), events::add);
    assertThat(done.job().state()).isEqualTo(JobState.SUCCEEDED);
    String log = String.join("\n", service.logs(job.id(), LogQuery.tail(10)).lines());
    assertThat(log)
        .contains("\"lr\" : 0.5")
        .contains("token=[REDACTED]")
        .doesNotContain("===== Job started");
  }

  @Test
  void workDirScriptsAndTheirHelpersTravelToTheContainer() throws Exception {
    Path code = java.nio.file.Files.createDirectories(home.resolve("code"));
    java.nio.file.Files.writeString(
        code.resolve("helper.py"), "GREETING = 'hello from the helper'\n");
    java.nio.file.Files.writeString(
        code.resolve("main.py"), "import helper\nprint(helper.GREETING)\nprint('ran', __file__)\n");
    JobRecord job =
        service.submit(
            JobSpec.of(List.of("python3", "main.py")).withWorkDir(code.toString()),
            "hf-jobs",
            null,
            false,
            events::add);
    JobView done =
        service.await(job.id(), Duration.ofSeconds(30), Duration.ofMillis(200), events::add);
    assertThat(done.job().state()).isEqualTo(JobState.SUCCEEDED);
    String log = String.join("\n", service.logs(job.id(), LogQuery.tail(10)).lines());
    assertThat(log).contains("hello from the helper", "/mlintern/work/main.py");
    assertThatThrownBy(
            () ->
                service.submit(
                    JobSpec.of(List.of("python3", code.resolve("main.py").toString())),
                    "hf-jobs",
                    null,
                    false,
                    events::add))
        .isInstanceOf(JobException.class)
        .hasMessageContaining("is outside the work dir");
  }

  @Test
  void flavorsComeWithHourlyPricesAndEveryJobSpendsMoney() {
    assertThat(executor.flavors())
        .anySatisfy(
            f -> {
              assertThat(f.name()).isEqualTo("cpu-basic");
              assertThat(f.usdPerHour())
                  .isCloseTo(0.01, org.assertj.core.data.Offset.offset(0.001));
            });
    assertThat(executor.spendsMoney(shell("true"))).isTrue();
    assertThatThrownBy(
            () -> executor.estimateUsd(shell("true").withResources(new Resources(1, 0, 0, "h100"))))
        .isInstanceOf(JobException.class)
        .hasMessageContaining("unknown HF Jobs flavor 'h100'");
  }

  @Test
  void theInspectFixturesMapToOurStates() {
    try (FixtureServer fixtures = new FixtureServer()) {
      fixtures.route(
          "GET",
          "/api/jobs/ns/a",
          FixtureServer.Response.fixture(200, "hf_jobs_inspect_error_timeout.json"));
      fixtures.route(
          "GET",
          "/api/jobs/ns/b",
          FixtureServer.Response.fixture(200, "hf_jobs_inspect_completed.json"));
      fixtures.route(
          "GET", "/api/jobs/ns/c", FixtureServer.Response.fixture(200, "hf_jobs_cancel.json"));
      fixtures.route(
          "GET", "/api/jobs/ns/d", FixtureServer.Response.fixture(404, "hf_jobs_error_404.json"));
      HfJobsExecutor hf =
          new HfJobsExecutor(HttpClient.newHttpClient(), fixtures.baseUrl(), "t", "ns");
      assertThat(hf.status("a", home).state()).isEqualTo(JobState.TIMED_OUT);
      assertThat(hf.status("b", home).state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(hf.status("c", home).state()).isEqualTo(JobState.CANCELLED);
      assertThatThrownBy(() -> hf.status("d", home))
          .isInstanceOf(JobException.class)
          .extracting(e -> ((JobException) e).kind())
          .isEqualTo(JobException.Kind.NOT_FOUND);
    }
  }
}
