package dev.mlintern.cli;

import dev.mlintern.app.Config;
import dev.mlintern.app.Mlintern;
import dev.mlintern.app.Project;
import dev.mlintern.app.SessionBusyException;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.ChatModel;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern chat}: a REPL over one session. Lines are messages; slash commands inspect and
 * steer: /help /plan /compact /status /model /yes /quit. Ctrl-C interrupts the running turn. On a
 * real terminal the prompt is a line editor (history in {@code $MLINTERN_HOME/chat-history}, Tab
 * completes slash commands, Ctrl-C clears the line and twice quits, Ctrl-D quits); from a pipe it
 * reads plain lines.
 */
@Command(name = "chat", description = "Talk with a research session (REPL).")
final class ChatCommand implements Callable<Integer> {
  static final List<String> SLASH_COMMANDS =
      List.of("/help", "/plan", "/compact", "/status", "/model", "/yes", "/quit");

  @Spec CommandSpec spec;
  @Mixin SessionFlags flags = new SessionFlags();
  @Mixin WorkspaceOption workspace = new WorkspaceOption();

  @Option(
      names = "--session",
      paramLabel = "ID",
      description = "Continue this stored session instead of a new one.")
  String sessionId;

  private final Config config;
  private final InputStream stdin;

  ChatCommand(Config config, InputStream stdin) {
    this.config = config;
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TerminalRenderer renderer = new TerminalRenderer(out, err, flags.json);
    Project project = workspace.project();
    try (Mlintern engine = Mlintern.open(config);
        LineSource input = openInput(err)) {
      TurnDriver driver = new TurnDriver(input, err);
      AgentSession session = null;
      err.println("mlintern chat — /help for commands, Ctrl-C interrupts a turn");
      engine.problems().forEach(problem -> err.println("mlintern: " + problem));
      if (sessionId != null) {
        session =
            engine.resume(
                sessionId,
                flags.options(),
                event -> {
                  renderer.accept(event);
                  driver.accept(event);
                });
        err.println("· resumed session " + session.id());
      }
      AgentSession[] current = {session};
      input.onInterrupt(
          () -> {
            if (current[0] != null && current[0].busy()) {
              current[0].interrupt();
            }
          });
      String line;
      while ((line = input.readLine("> ")) != null) {
        String text = line.strip();
        if (text.isEmpty()) {
          continue;
        }
        if (text.startsWith("/")) {
          if (slash(text, current[0], engine, err)) {
            break;
          }
          continue;
        }
        if (current[0] == null) {
          current[0] =
              engine.start(
                  project,
                  text,
                  flags.options(),
                  event -> {
                    renderer.accept(event);
                    driver.accept(event);
                  });
          err.println("· session " + current[0].id());
          driver.await(current[0], current[0].currentTurn());
        } else {
          driver.await(current[0], current[0].send(text));
        }
      }
      if (current[0] != null) {
        current[0].close();
      }
      return 0;
    } catch (SessionBusyException e) {
      err.println("mlintern: " + e.getMessage());
      return 1;
    }
  }

  /**
   * A line editor when the person is at this process's own terminal; plain lines from a pipe or a
   * test otherwise.
   */
  private LineSource openInput(PrintWriter err) {
    if (stdin == System.in && System.console() != null) {
      return TerminalLineSource.open(
          config.home().resolve("chat-history"), new SlashCompleter(SLASH_COMMANDS));
    }
    return LineSource.of(stdin, err);
  }

  /** {@code /model} prints the session's model; {@code /model SPEC} switches it for later calls. */
  private void model(String text, AgentSession session, Mlintern engine, PrintWriter err) {
    String[] words = text.strip().split("\\s+");
    if (words.length < 2) {
      err.println(session != null ? session.model() : engine.model(flags.options()).name());
      return;
    }
    try {
      ChatModel next = engine.model(flags.options().withModel(words[1]));
      flags.model = words[1];
      if (session != null) {
        session.switchModel(next);
      } else {
        err.println("· model: " + next.name() + " (for the session you start next)");
      }
    } catch (RuntimeException e) {
      err.println("mlintern: " + e.getMessage());
    }
  }

  /** Runs a slash command; true when the REPL should end. */
  private boolean slash(String text, AgentSession session, Mlintern engine, PrintWriter err) {
    String command = text.split("\\s+")[0];
    switch (command) {
      case "/quit", "/exit" -> {
        return true;
      }
      case "/help" ->
          err.println(
              """
          /plan     show the plan
          /compact  summarize the middle of the conversation now
          /status   session id, model, auto-approve
          /model    the model this session uses; /model SPEC switches to SPEC
          /yes      toggle auto-approve (the USD cap still applies)
          /quit     end the session""");
      case "/plan" -> {
        if (session == null || session.plan().isEmpty()) {
          err.println("(no plan yet)");
        } else {
          err.println(TerminalRenderer.describe(new AgentEvent.PlanUpdated(session.plan())));
        }
      }
      case "/compact" -> {
        if (session == null) {
          err.println("(nothing to compact yet)");
        } else {
          err.println(session.compact().join() ? "· compacted" : "(nothing to summarize yet)");
        }
      }
      case "/status" ->
          err.println(
              session == null
                  ? "(no session yet)"
                  : "session "
                      + session.id()
                      + (session.busy() ? " (busy)" : " (idle)")
                      + ", auto-approve "
                      + (session.autoApprove() ? "on" : "off"));
      case "/model" -> model(text, session, engine, err);
      case "/yes" -> {
        flags.yes = !flags.yes;
        if (session != null) {
          session.autoApprove(flags.yes);
        }
        err.println("auto-approve " + (flags.yes ? "on" : "off"));
      }
      default -> err.println("unknown command " + command + "; /help lists them");
    }
    return false;
  }
}
