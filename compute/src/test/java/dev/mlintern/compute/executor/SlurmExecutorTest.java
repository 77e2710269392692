package dev.mlintern.compute.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.compute.JobException;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobService;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.secret.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor contract against a real Slurm (started by scripts/slurm-up.sh); skipped with a
 * reason when none answers.
 */
class SlurmExecutorTest extends JobExecutorContract {
  @TempDir Path home;
  private LedgerDb db;
  private JobService service;

  @BeforeAll
  static void needsSlurm() {
    Assumptions.assumeTrue(
        SlurmExecutor.available(),
        "no Slurm controller answers `scontrol ping`: run scripts/slurm-up.sh (as root) to test the Slurm executor");
  }

  @BeforeEach
  void open() {
    db = LedgerDb.open(home);
    SlurmExecutor slurm =
        new SlurmExecutor(
            home.resolve("jobs"),
            new SlurmExecutor.Options(null, null, null, List.of(), List.of()),
            Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", home.toString()),
            new PythonResolver(null, "/usr/bin:/bin", List.of("json")),
            Clock.systemUTC(),
            Sleeper.SYSTEM);
    service =
        new JobService(
            db,
            Map.of("slurm", slurm),
            home.resolve("jobs"),
            Secrets.of(Map.of("HF_TOKEN", "hf_slurmsecret123", "OTHER_KEY", "other-slurm-secret")),
            Clock.systemUTC(),
            Sleeper.SYSTEM);
  }

  @Test
  void aSlurmJobSeesOnlyTheSecretsItDeclared() throws Exception {
    JobRecord job =
        service.submit(
            shell("env | sort").withSecrets(List.of("HF_TOKEN")), "slurm", "s-1", false, e -> {});
    service.await(job.id(), patience(), Duration.ofMillis(200), e -> {});
    String env = Files.readString(job.log());
    assertThat(env).contains("HF_TOKEN=hf_slurmsecret123", "MLINTERN_JOB_ID=" + job.id());
    assertThat(env).doesNotContain("other-slurm-secret", "OTHER_KEY", "MAVEN", "JAVA_HOME");
  }

  @AfterEach
  void close() {
    cancelAll();
    db.close();
  }

  @Override
  protected JobService service() {
    return service;
  }

  @Override
  protected String executorName() {
    return "slurm";
  }

  @Override
  protected Duration patience() {
    return Duration.ofSeconds(90);
  }

  @Override
  protected void assertNothingLeft(JobRecord job) {
    Long group = new WrapperFolder(job.outputDir()).pgid();
    if (group != null) {
      assertThat(LocalExecutor.groupAlive(group))
          .as("process group %s still alive", group)
          .isFalse();
    }
    ShortCommand.Output queue =
        ShortCommand.run(List.of("squeue", "-h", "-j", job.nativeId(), "-o", "%T"), null);
    assertThat(queue.stdout()).doesNotContain("RUNNING", "PENDING");
  }

  @Test
  void aWorkDirTheNodeCannotSeeIsRefusedAtSubmit() {
    assertThatThrownBy(
            () ->
                service.submit(
                    shell("true").withWorkDir(home.resolve("not-there").toString()),
                    "slurm",
                    null,
                    false,
                    events::add))
        .isInstanceOf(JobException.class)
        .hasMessageContaining("the work dir " + home.resolve("not-there") + " does not exist");
  }
}
