package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.store.SqliteSessionStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlintern sessions delete}: what goes, what stays, and the refusals. */
class SessionsDeleteTest {
  @TempDir Path home;
  @TempDir Path project;

  record Result(int code, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            args,
            Map.of("MLINTERN_HOME", home.toString()),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeEach
  void storeTwoSessions() throws Exception {
    Files.createDirectories(project.resolve("mlintern-runs/s-done/models"));
    Files.writeString(project.resolve("mlintern-runs/s-done/report.md"), "# report");
    Files.writeString(project.resolve("train.csv"), "a,b\n1,2\n");
    try (SqliteSessionStore store = SqliteSessionStore.inHome(home, Secrets.none())) {
      store.append("s-done", new AgentEvent.SessionStarted("done", "m", project.toString()));
      store.append("s-done", new AgentEvent.TurnComplete("done", "ok", null));
      store.append("s-busy", new AgentEvent.SessionStarted("busy", "m", project.toString()));
    }
  }

  @Test
  void deletesTheSessionAndItsOutputsOnlyWhenAskedAndNeverTheProject() {
    Result kept = run("sessions", "delete", "s-done");
    assertThat(kept.code()).isZero();
    assertThat(kept.out()).isEqualTo("deleted session s-done\n");
    assertThat(project.resolve("mlintern-runs/s-done/report.md")).exists();
    assertThat(run("sessions", "list").out()).doesNotContain("s-done").contains("s-busy");

    try (SqliteSessionStore store = SqliteSessionStore.inHome(home, Secrets.none())) {
      store.append("s-done", new AgentEvent.SessionStarted("again", "m", project.toString()));
      store.append("s-done", new AgentEvent.TurnComplete("done", "ok", null));
    }
    Result removed = run("sessions", "delete", "s-done", "--remove-outputs");
    assertThat(removed.code()).isZero();
    assertThat(removed.out()).contains("and removed " + project.resolve("mlintern-runs/s-done"));
    assertThat(project.resolve("mlintern-runs/s-done")).doesNotExist();
    assertThat(project.resolve("train.csv")).hasContent("a,b\n1,2");
  }

  @Test
  void refusesARunningSessionAndBadIdsWithOneLine() {
    Result busy = run("sessions", "delete", "s-busy", "--remove-outputs");
    assertThat(busy.code()).isEqualTo(1);
    assertThat(busy.err().lines()).singleElement().asString().contains("s-busy is running");
    assertThat(run("sessions", "list").out()).contains("s-busy");

    for (String bad : new String[] {"s-nosuch", "../project", ".."}) {
      Result result = run("sessions", "delete", bad, "--remove-outputs");
      assertThat(result.code()).as(bad).isEqualTo(2);
      assertThat(result.err().lines()).as(bad).singleElement().asString().contains(bad);
    }
    assertThat(project.resolve("train.csv")).exists();
    assertThat(project.resolve("mlintern-runs/s-done/report.md")).exists();
  }
}
