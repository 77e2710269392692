package dev.mlintern.cli;

import dev.mlintern.app.Config;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.store.SessionActiveException;
import dev.mlintern.core.store.SessionDeletion;
import dev.mlintern.core.store.SessionInfo;
import dev.mlintern.core.store.SessionStore;
import dev.mlintern.core.store.SqliteSessionStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern sessions list|show ID|export ID|delete ID}: what the store holds. Export prints
 * redacted JSONL on stdout; delete refuses a running session and keeps the project's files.
 */
@Command(name = "sessions", description = "List, show, export or delete stored sessions.")
final class SessionsCommand {
  @Spec CommandSpec spec;
  private final Config config;

  SessionsCommand(Config config) {
    this.config = config;
  }

  @Command(name = "list", description = "Sessions, most recent first.")
  int list() {
    PrintWriter out = spec.commandLine().getOut();
    try (SessionStore store = open()) {
      List<SessionInfo> sessions = store.sessions();
      if (sessions.isEmpty()) {
        spec.commandLine().getErr().println("no sessions in " + config.home());
      }
      for (SessionInfo s : sessions) {
        out.printf(
            "%s  %-9s %-32s %-20s $%.2f  %s%n",
            s.id(),
            s.status(),
            s.model(),
            s.updated() == null ? "" : s.updated().toString().substring(0, 19),
            s.usd(),
            TerminalRenderer.preview(s.goal()));
      }
      return 0;
    }
  }

  @Command(name = "show", description = "A session's events, human-readable.")
  int show(@Parameters(paramLabel = "ID") String id) {
    PrintWriter out = spec.commandLine().getOut();
    try (SessionStore store = open()) {
      if (store.session(id).isEmpty()) {
        return missing(id);
      }
      for (Event event : store.events(id)) {
        String line =
            event.body() instanceof dev.mlintern.core.event.AgentEvent.AssistantMessage m
                ? "assistant: " + TerminalRenderer.preview(m.text())
                : event.body() instanceof dev.mlintern.core.event.AgentEvent.UserMessage u
                    ? "user: " + TerminalRenderer.preview(u.text())
                    : TerminalRenderer.describe(event.body());
        if (line != null) {
          out.println(event.seq() + "  " + line);
        }
      }
      return 0;
    }
  }

  @Command(name = "export", description = "A session as JSON lines (secrets redacted).")
  int export(@Parameters(paramLabel = "ID") String id) {
    try (SessionStore store = open()) {
      if (store.session(id).isEmpty()) {
        return missing(id);
      }
      PrintWriter out = spec.commandLine().getOut();
      store.export(id, out);
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "delete",
      description =
          "Delete a stored session that is not running; its project files are kept, and its"
              + " mlintern-runs/<session> outputs folder too unless --remove-outputs.")
  int delete(
      @Parameters(paramLabel = "ID") String id,
      @Option(
              names = "--remove-outputs",
              description = "Also remove the session's mlintern-runs/<session> folder.")
          boolean removeOutputs) {
    PrintWriter err = spec.commandLine().getErr();
    try (SessionStore store = open()) {
      Optional<SessionDeletion.Deleted> deleted = SessionDeletion.delete(store, id, removeOutputs);
      if (deleted.isEmpty()) {
        err.println(
            "mlintern sessions delete: no session '"
                + id
                + "' in "
                + config.home()
                + "; `mlintern sessions list` shows them");
        return 2;
      }
      spec.commandLine()
          .getOut()
          .println(
              "deleted session "
                  + id
                  + deleted
                      .get()
                      .removedOutputs()
                      .map(folder -> " and removed " + folder)
                      .orElse(""));
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("mlintern sessions delete: " + e.getMessage());
      return 2;
    } catch (SessionActiveException e) {
      err.println("mlintern sessions delete: " + e.getMessage());
      return 1;
    }
  }

  private int missing(String id) {
    spec.commandLine().getErr().println("mlintern: no session '" + id + "' in " + config.home());
    return 1;
  }

  private SessionStore open() {
    return SqliteSessionStore.inHome(config.home(), config.settings().secrets());
  }
}
