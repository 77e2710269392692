package dev.mlintern.compute.executor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobService;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.compute.ledger.SessionLeases;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.secret.Secrets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of the process that started jobs: on restart every job is found; the one that
 * ended meanwhile has its result recorded exactly once; the dead session's job is cancelled;
 * detached and user jobs run on, known.
 */
class KillNineTest {
  @TempDir Path home;

  @Test
  void afterAKillNineEveryJobIsFoundRecordedOnceOrCancelled() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                CrashChild.class.getName(),
                home.toString())
            .redirectErrorStream(true)
            .start();
    Map<String, String> ids = new HashMap<>();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
      for (String line; (line = out.readLine()) != null && !line.equals("READY"); ) {
        if (line.contains("=j-")) {
          ids.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
        }
      }
    }
    assertThat(ids).containsOnlyKeys("quick", "owned", "detached", "users");
    child.destroyForcibly();
    assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

    Path quickDir = home.resolve("jobs").resolve(ids.get("quick"));
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!Files.exists(quickDir.resolve("exit_code")) && System.nanoTime() < deadline) {
      Sleeper.SYSTEM.sleep(Duration.ofMillis(100));
    }

    try (LedgerDb db = LedgerDb.open(home)) {
      JobService service =
          LocalExecutorTest.service(db, home, LocalExecutorTest.local(home, 8), Secrets.none());
      SessionLeases leases = SessionLeases.forThisProcess(db, Clock.systemUTC());
      List<AgentEvent> events = new ArrayList<>();
      assertThat(service.sweep(leases::running, events::add)).containsExactly(ids.get("owned"));
      assertThat(service.sweep(leases::running, events::add)).isEmpty();

      assertThat(service.job(ids.get("quick")).state()).isEqualTo(JobState.SUCCEEDED);
      assertThat(service.ledger().runs("crash")).hasSize(1);
      assertThat(service.ledger().requireRun(ids.get("quick")).metric("acc")).isEqualTo(0.9);
      assertThat(service.metrics(ids.get("quick"))).hasSize(1);
      assertThat(events)
          .filteredOn(
              e -> e instanceof AgentEvent.JobStatus s && s.jobId().equals(ids.get("quick")))
          .hasSize(1);

      JobRecord owned = service.job(ids.get("owned"));
      assertThat(owned.state()).isEqualTo(JobState.CANCELLED);
      assertThat(LocalExecutor.groupAlive(new WrapperFolder(owned.outputDir()).pgid())).isFalse();
      assertThat(service.refresh(ids.get("detached"), e -> {}).job().state())
          .isEqualTo(JobState.RUNNING);
      assertThat(service.refresh(ids.get("users"), e -> {}).job().state())
          .isEqualTo(JobState.RUNNING);
      assertThat(service.list(null, 10))
          .hasSize(4)
          .allSatisfy(j -> assertThat(j.state()).isNotEqualTo(JobState.LOST));

      service.cancel(ids.get("detached"), e -> {});
      service.cancel(ids.get("users"), e -> {});
      assertThat(service.job(ids.get("users")).state()).isEqualTo(JobState.CANCELLED);
    }
  }
}
