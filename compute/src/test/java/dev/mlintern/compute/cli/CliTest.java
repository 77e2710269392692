package dev.mlintern.compute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.compute.Compute;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.config.Settings;
import dev.mlintern.testkit.CommandRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs and experiments commands as a user runs them: each call a fresh command over the same
 * home.
 */
class CliTest {
  @TempDir Path home;

  private Settings settings() {
    return Settings.of(home, Map.of("PATH", "/usr/bin:/bin"));
  }

  private CommandRun jobs(String... args) {
    return CommandRun.run(new JobsCommand(settings()), args);
  }

  private CommandRun experiments(String... args) {
    return CommandRun.run(new ExperimentsCommand(settings()), args);
  }

  @Test
  void submitPrintsTheIdAloneAndReturnsAtOnceThenLaterCallsSeeTheJob() throws Exception {
    long start = System.nanoTime();
    CommandRun submitted =
        jobs(
            "submit",
            "--timeout",
            "5m",
            "--",
            "bash",
            "-c",
            "echo 'MLINTERN_METRIC {\"name\": \"loss\", \"value\": 0.25, \"step\": 3}'; sleep 300");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
    assertThat(submitted.exit()).isZero();
    String id = submitted.lastLine();
    assertThat(id).matches("j-[a-z2-7]{12}");
    assertThat(submitted.out().strip()).isEqualTo(id);

    CommandRun status = jobs("status", id);
    for (int i = 0; i < 100 && !status.out().contains("loss=0.25"); i++) {
      Sleeper.SYSTEM.sleep(Duration.ofMillis(100));
      status = jobs("status", id);
    }
    assertThat(status.out()).contains(id + " running", "loss=0.25@3");
    assertThat(jobs("logs", id, "--grep", "MLINTERN").out()).contains("\"value\": 0.25");
    assertThat(jobs("list").out()).contains(id + "\trunning\tlocal");
    CommandRun cancelled = jobs("cancel", id);
    assertThat(cancelled.out()).contains(id + " cancelled");
    assertThat(jobs("status", id).out()).contains("cancelled");
    try (Compute compute = Compute.open(settings())) {
      assertThat(compute.jobs().metrics(id)).hasSize(1);
    }
  }

  @Test
  void experimentsListShowAndCompareRunsOfFinishedJobs() throws Exception {
    Path config = home.resolve("config.json");
    Files.createDirectories(home);
    String first = submitRun(config, 0.1, 0.8);
    String second = submitRun(config, 0.01, 0.9);
    try (Compute compute = Compute.open(settings())) {
      compute.jobs().await(first, Duration.ofSeconds(30), Duration.ofMillis(100), e -> {});
      compute.jobs().await(second, Duration.ofSeconds(30), Duration.ofMillis(100), e -> {});
    }
    assertThat(experiments("list").out()).contains("cli-exp\t2");
    CommandRun show = experiments("show", "cli-exp");
    assertThat(show.out()).contains(first, second, "seed=7").contains("bash lr=0.01\t");
    CommandRun compare = experiments("compare", first, second);
    assertThat(compare.exit()).isZero();
    assertThat(compare.out()).contains("lr: 0.1 → 0.01", "val_accuracy: 0.8 → 0.9 (+0.1)");
    assertThat(experiments("show", "nope").exit()).isEqualTo(1);
  }

  @Test
  void usageErrorsExitTwoAndUnknownJobsExitOne() {
    assertThat(jobs("submit").exit()).isEqualTo(2);
    CommandRun unknown = jobs("status", "j-aaaaaaaaaaaa");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("no job j-aaaaaaaaaaaa");
    assertThat(unknown.out()).isEmpty();
  }

  /**
   * Submits a run of experiment cli-exp with learning rate {@code lr} that reports {@code
   * accuracy}.
   */
  private String submitRun(Path config, double lr, double accuracy) throws IOException {
    Files.writeString(config, "{\"lr\": " + lr + ", \"seed\": 7}");
    return jobs(
            "submit",
            "--experiment",
            "cli-exp",
            "--config",
            config.toString(),
            "--",
            "bash",
            "-c",
            "echo 'MLINTERN_RESULT {\"status\": \"ok\", \"metrics\": {\"val_accuracy\": "
                + accuracy
                + "}}'")
        .lastLine();
  }
}
