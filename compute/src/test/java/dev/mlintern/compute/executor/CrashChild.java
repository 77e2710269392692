package dev.mlintern.compute.executor;

import dev.mlintern.compute.JobService;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.compute.ledger.SessionLeases;
import dev.mlintern.core.secret.Secrets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Run in a child JVM by {@link KillNineTest}: takes a session lease, starts four jobs, says READY,
 * then waits to be killed.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args[0]);
    LedgerDb db = LedgerDb.open(home);
    JobService service =
        LocalExecutorTest.service(db, home, LocalExecutorTest.local(home, 8), Secrets.none());
    SessionLeases.forThisProcess(db, Clock.systemUTC()).acquire("s-crash");
    Map<String, String> experiment = Map.of("experiment", "crash");
    String quick =
        service
            .submit(
                JobSpec.of(
                        List.of(
                            "bash",
                            "-c",
                            "sleep 2; echo 'MLINTERN_METRIC {\"name\": \"acc\", \"value\": 0.9}';"
                                + " echo '{\"status\": \"ok\", \"metrics\": {\"acc\": 0.9}}' > \"$MLINTERN_OUTPUT/result.json\""))
                    .withLabels(experiment),
                "local",
                "s-crash",
                false,
                e -> {})
            .id();
    String owned =
        service
            .submit(JobSpec.of(List.of("sleep", "300")), "local", "s-crash", false, e -> {})
            .id();
    String detached =
        service.submit(JobSpec.of(List.of("sleep", "300")), "local", "s-crash", true, e -> {}).id();
    String users =
        service.submit(JobSpec.of(List.of("sleep", "300")), "local", null, false, e -> {}).id();
    System.out.println("quick=" + quick);
    System.out.println("owned=" + owned);
    System.out.println("detached=" + detached);
    System.out.println("users=" + users);
    System.out.println("READY");
    System.out.flush();
    Thread.sleep(600_000);
  }
}
