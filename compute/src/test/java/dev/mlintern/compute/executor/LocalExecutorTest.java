package dev.mlintern.compute.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.compute.JobException;
import dev.mlintern.compute.JobExecutor;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobService;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.JobView;
import dev.mlintern.compute.LogQuery;
import dev.mlintern.compute.Resources;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.builtin.Sandbox;
import dev.mlintern.core.secret.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public class LocalExecutorTest extends JobExecutorContract {
  @TempDir Path home;
  private LedgerDb db;
  private JobService service;

  public static LocalExecutor local(Path home, int slots) {
    return new LocalExecutor(
        home.resolve("jobs"),
        slots,
        Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", home.toString()),
        new PythonResolver(null, "/usr/bin:/bin", List.of("json")),
        List::of,
        Clock.systemUTC(),
        Sleeper.SYSTEM,
        Sandbox.detect(List.of(home), List.of()));
  }

  static JobService service(LedgerDb db, Path home, JobExecutor executor, Secrets secrets) {
    return new JobService(
        db,
        Map.of(executor.name(), executor),
        home.resolve("jobs"),
        secrets,
        Clock.systemUTC(),
        Sleeper.SYSTEM);
  }

  @BeforeEach
  void open() {
    db = LedgerDb.open(home);
    service =
        service(
            db,
            home,
            local(home, 4),
            Secrets.of(Map.of("HF_TOKEN", "hf_secretvalue123", "OTHER_KEY", "other-secret")));
  }

  @AfterEach
  void close() throws Exception {
    cancelAll();
    awaitWrappersGone();
    db.close();
  }

  /**
   * Cancelled wrappers still write their exit code; wait for them so the temp folder can be
   * removed.
   */
  private void awaitWrappersGone() throws Exception {
    Path jobs = home.resolve("jobs");
    if (!java.nio.file.Files.isDirectory(jobs)) {
      return;
    }
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
    try (var dirs = java.nio.file.Files.list(jobs)) {
      for (Path dir : dirs.toList()) {
        Path pid = dir.resolve("wrapper.pid");
        if (!java.nio.file.Files.exists(pid)) {
          continue;
        }
        long wrapper = Long.parseLong(java.nio.file.Files.readString(pid).strip());
        while (ProcessHandle.of(wrapper).map(ProcessHandle::isAlive).orElse(false)
            && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
      }
    }
  }

  @Override
  protected JobService service() {
    return service;
  }

  @Override
  protected String executorName() {
    return "local";
  }

  @Override
  protected void assertNothingLeft(JobRecord job) {
    Long group = new WrapperFolder(job.outputDir()).pgid();
    assertThat(group).isNotNull();
    assertThat(LocalExecutor.groupAlive(group)).as("process group %s still alive", group).isFalse();
  }

  @Test
  void theEnvironmentHoldsOnlyDeclaredSecretsAndTheProtocolVariables() throws Exception {
    JobSpec spec =
        shell("env | sort")
            .withSecrets(List.of("HF_TOKEN"))
            .withEnvironment(Map.of("EPOCHS", "3"))
            .withConfig(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"lr\": 0.1}"));
    JobRecord job = service.submit(spec, "local", "s-1", false, events::add);
    service.await(job.id(), Duration.ofSeconds(30), Duration.ofMillis(100), events::add);
    String env = Files.readString(job.log());
    assertThat(env)
        .contains(
            "HF_TOKEN=hf_secretvalue123",
            "EPOCHS=3",
            "MLINTERN_JOB_ID=" + job.id(),
            "MLINTERN_OUTPUT=" + job.outputDir(),
            "MLINTERN_CONFIG=" + job.outputDir().resolve("config.json"));
    assertThat(env).doesNotContain("other-secret", "OTHER_KEY", "MAVEN", "JAVA_HOME");
    assertThat(service.logs(job.id(), LogQuery.tail(100)).text())
        .doesNotContain("hf_secretvalue123");
    assertThat(Files.readString(job.outputDir().resolve("config.json"))).contains("\"lr\"");
  }

  @Test
  void aJobRunsConfinedWithoutNetworkAndItsFolderIsPrivate() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Sandbox.detect(List.of(home), List.of()).active(), "bwrap cannot create a sandbox here");
    Path workspace = Files.createDirectories(home.resolve("workspace"));
    Files.writeString(home.resolve("web-token"), "token-in-the-home");
    long jvm = ProcessHandle.current().pid();
    try (java.net.ServerSocket server = new java.net.ServerSocket(0)) {
      String probe =
          "ls /proc | grep -c '^[0-9]' ; cat /proc/"
              + jvm
              + "/environ || echo no-jvm-environ; cat "
              + home.resolve("web-token")
              + " || echo no-home; touch /usr/escape || echo ro-usr; ls /root /opt | wc -l;"
              + " echo made > inside.txt; echo > /dev/tcp/127.0.0.1/"
              + server.getLocalPort()
              + " && echo net-on || echo net-off";
      JobRecord closed =
          service.submit(
              shell(probe).withWorkDir(workspace.toString()), "local", "s-1", false, e -> {});
      JobRecord open =
          service.submit(
              shell("echo > /dev/tcp/127.0.0.1/" + server.getLocalPort() + " && echo net-on")
                  .withNetwork(true),
              "local",
              "s-1",
              false,
              e -> {});
      service.await(closed.id(), Duration.ofSeconds(30), Duration.ofMillis(100), e -> {});
      service.await(open.id(), Duration.ofSeconds(30), Duration.ofMillis(100), e -> {});
      String log = Files.readString(closed.log());
      assertThat(log)
          .contains("no-jvm-environ", "no-home", "ro-usr", "net-off")
          .doesNotContain("token-in-the-home", "net-on");
      assertThat(log.lines().findFirst().orElseThrow().strip())
          .as("processes visible to the job")
          .isIn("1", "2", "3", "4");
      assertThat(workspace.resolve("inside.txt")).hasContent("made");
      assertThat(Path.of("/usr/escape")).doesNotExist();
      assertThat(Files.readString(open.log())).contains("net-on");
      assertThat(Files.getPosixFilePermissions(closed.outputDir()))
          .isEqualTo(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void anLlmRecipeRunsWithTheLlmEnvironmentsPythonAndOtherJobsDoNot(@TempDir Path opt)
      throws Exception {
    Path python = Files.createDirectories(opt.resolve("llm-venv").resolve("bin")).resolve("python");
    Files.writeString(python, "#!/bin/sh\necho \"llm venv python ran $*\"\n");
    python.toFile().setExecutable(true);
    LlmVenv venv = new LlmVenv(opt.resolve("llm-venv"));
    PythonResolver resolver = new PythonResolver(null, "/usr/bin:/bin", List.of("json"), venv);
    JobService jobs =
        service(
            db,
            home,
            new LocalExecutor(
                home.resolve("jobs"),
                2,
                Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", home.toString()),
                resolver,
                List::of,
                Clock.systemUTC(),
                Sleeper.SYSTEM,
                Sandbox.detect(List.of(home), List.of())),
            Secrets.none());
    Path workspace = Files.createDirectories(home.resolve("ws").resolve("recipes").resolve("llm"));
    Files.writeString(workspace.resolve("probe.py"), "import sys; print('system python ran')\n");

    JobRecord llm =
        jobs.submit(
            JobSpec.of(List.of("python", "recipes/llm/probe.py", "--config", "c.json"))
                .withWorkDir(home.resolve("ws").toString()),
            "local",
            null,
            false,
            e -> {});
    jobs.await(llm.id(), Duration.ofSeconds(30), Duration.ofMillis(100), e -> {});
    assertThat(Files.readString(llm.log()))
        .contains("llm venv python ran recipes/llm/probe.py --config c.json");

    assertThat(resolver.rewrite(List.of("python3", "train.py")))
        .containsExactly("/usr/bin/python3", "train.py");
    assertThat(resolver.rewrite(List.of("/usr/bin/python3", "recipes/llm/sft.py")))
        .as("a job that names its python keeps it")
        .containsExactly("/usr/bin/python3", "recipes/llm/sft.py");
    assertThat(
            new PythonResolver("/opt/my/python", "/usr/bin:/bin", List.of("json"), venv)
                .rewrite(List.of("python", "recipes/llm/sft.py")))
        .as("MLINTERN_PYTHON wins")
        .containsExactly("/opt/my/python", "recipes/llm/sft.py");
    assertThat(
            new PythonResolver(
                    null, "/usr/bin:/bin", List.of("json"), new LlmVenv(opt.resolve("absent")))
                .rewrite(List.of("python", "recipes/llm/sft.py")))
        .as("no LLM environment: the usual interpreter")
        .containsExactly("/usr/bin/python3", "recipes/llm/sft.py");
  }

  @Test
  void anUndeclaredSecretIsRefusedBeforeAnythingStarts() {
    assertThatThrownBy(
            () ->
                service.submit(
                    shell("true").withSecrets(List.of("WANDB_API_KEY")),
                    "local",
                    null,
                    false,
                    e -> {}))
        .isInstanceOf(JobException.class)
        .hasMessageContaining("WANDB_API_KEY is not set");
  }

  @Test
  void theConcurrencyLimitQueuesJobsBeyondIt() throws Exception {
    LedgerDb other = LedgerDb.open(home.resolve("limited"));
    try {
      JobService limited =
          service(
              other, home.resolve("limited"), local(home.resolve("limited"), 1), Secrets.none());
      JobRecord first = limited.submit(shell("sleep 300"), "local", null, false, e -> {});
      JobRecord second = limited.submit(shell("echo second ran"), "local", null, false, e -> {});
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (limited.refresh(first.id(), e -> {}).job().state() != JobState.RUNNING
          && System.nanoTime() < deadline) {
        Sleeper.SYSTEM.sleep(Duration.ofMillis(100));
      }
      Sleeper.SYSTEM.sleep(Duration.ofMillis(600));
      assertThat(limited.refresh(second.id(), e -> {}).job().state()).isEqualTo(JobState.QUEUED);
      limited.cancel(first.id(), e -> {});
      JobView done =
          limited.await(second.id(), Duration.ofSeconds(20), Duration.ofMillis(100), e -> {});
      assertThat(done.job().state()).isEqualTo(JobState.SUCCEEDED);
    } finally {
      other.close();
    }
  }

  @Test
  void aJobAskingForMoreGpusThanThereAreIsRefused() {
    JobSpec spec = shell("true").withResources(new Resources(1, 0, 1, null));
    assertThatThrownBy(() -> service.submit(spec, "local", null, false, e -> {}))
        .isInstanceOf(JobException.class)
        .hasMessageContaining("this machine has 0");
  }

  @Test
  void aSessionsJobsAreCancelledWhenItEndsUnlessDetached() throws Exception {
    JobRecord owned = service.submit(shell("sleep 300"), "local", "s-ending", false, e -> {});
    JobRecord detached = service.submit(shell("sleep 300"), "local", "s-ending", true, e -> {});
    JobRecord users = service.submit(shell("sleep 300"), "local", null, false, e -> {});
    assertThat(service.endSession("s-ending", e -> {})).containsExactly(owned.id());
    assertThat(service.refresh(owned.id(), e -> {}).job().state()).isEqualTo(JobState.CANCELLED);
    assertThat(service.refresh(detached.id(), e -> {}).job().state())
        .isIn(JobState.QUEUED, JobState.RUNNING);
    assertThat(service.sweep(s -> false, e -> {})).isEmpty();
    assertThat(service.refresh(users.id(), e -> {}).job().state())
        .isIn(JobState.QUEUED, JobState.RUNNING);
  }
}
