package dev.mlintern.cli;

import dev.mlintern.app.Config;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.store.SessionInfo;
import dev.mlintern.core.store.SessionStore;
import dev.mlintern.core.store.SqliteSessionStore;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern sessions list|show ID|export ID}: what the store holds. Export prints redacted
 * JSONL on stdout.
 */
@Command(name = "sessions", description = "List, show or export stored sessions.")
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

  private int missing(String id) {
    spec.commandLine().getErr().println("mlintern: no session '" + id + "' in " + config.home());
    return 1;
  }

  private SessionStore open() {
    return SqliteSessionStore.inHome(config.home(), config.settings().secrets());
  }
}
