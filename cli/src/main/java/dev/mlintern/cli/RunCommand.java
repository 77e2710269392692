package dev.mlintern.cli;

import dev.mlintern.app.Config;
import dev.mlintern.app.Mlintern;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.event.AgentEvent;
import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern run "PROMPT"}: one headless session. The assistant's text streams to stdout (or every event as a
 * JSON line with {@code --json}); approvals are answered from stdin unless {@code --yes}. Ctrl-C interrupts the turn.
 * Exit 0 when the turn completes, 1 when it stops on an error or a limit, 130 when interrupted.
 */
@Command(name = "run", description = "Run one research session headless.")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SessionFlags flags = new SessionFlags();

  @Parameters(paramLabel = "PROMPT", description = "The goal or request.")
  String prompt;

  private final Config config;
  private final InputStream stdin;

  RunCommand(Config config, InputStream stdin) {
    this.config = config;
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    TurnDriver driver = new TurnDriver(LineSource.of(stdin, err), err);
    TerminalRenderer renderer = new TerminalRenderer(out, err, flags.json);
    try (Mlintern engine = Mlintern.open(config)) {
      AgentSession session = engine.start(prompt, flags.options(), event -> {
        renderer.accept(event);
        driver.accept(event);
      });
      err.println("· session " + session.id() + " (resume with: mlintern resume " + session.id() + ")");
      Interrupts.onInterrupt(session::interrupt);
      AgentEvent.TurnComplete done = driver.await(session, session.currentTurn());
      session.close();
      return exitCode(done);
    }
  }

  static int exitCode(AgentEvent.TurnComplete done) {
    if (done == null) {
      return 1;
    }
    return switch (done.reason()) {
      case "done" -> 0;
      case "interrupted" -> 130;
      default -> 1;
    };
  }
}
