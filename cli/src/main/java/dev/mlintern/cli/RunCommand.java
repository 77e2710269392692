package dev.mlintern.cli;

import dev.mlintern.app.Config;
import dev.mlintern.app.Mlintern;
import dev.mlintern.core.AgentSession;
import java.io.InputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern run "PROMPT"}: one headless session. The assistant's text streams to stdout (or
 * every event as a JSON line with {@code --json}); approvals are answered from stdin unless {@code
 * --yes}. Ctrl-C interrupts the turn. Exit codes as {@link HeadlessTurn}.
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
    var err = spec.commandLine().getErr();
    HeadlessTurn turn = new HeadlessTurn(stdin, spec.commandLine().getOut(), err, flags.json);
    try (Mlintern engine = Mlintern.open(config)) {
      engine.problems().forEach(problem -> err.println("mlintern: " + problem));
      AgentSession session = engine.start(prompt, flags.options(), turn.listener());
      err.println(
          "· session " + session.id() + " (resume with: mlintern resume " + session.id() + ")");
      return turn.finish(session, session.currentTurn());
    }
  }
}
