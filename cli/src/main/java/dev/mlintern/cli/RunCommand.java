package dev.mlintern.cli;

import dev.mlintern.app.Config;
import dev.mlintern.app.Mlintern;
import dev.mlintern.app.Project;
import dev.mlintern.autopilot.goal.Goal;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.event.AgentEvent;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern run "PROMPT"}: one headless session in a project folder (the current directory or
 * {@code --workspace}). The goal is checked first (bad input or a question the autopilot would have
 * to ask: exit 2, nothing started or written). The assistant's text streams to stdout (or every
 * event as a JSON line with {@code --json}); approvals are answered from stdin unless {@code
 * --yes}; Ctrl-C interrupts the turn. The ending is said as {@link RunEnding} says it, the last
 * line being {@code report: PATH}.
 */
@Command(name = "run", description = "Run one research session headless.")
final class RunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin SessionFlags flags = new SessionFlags();

  @Mixin WorkspaceOption workspace = new WorkspaceOption();

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
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    HeadlessTurn turn = new HeadlessTurn(stdin, out, err, flags.json);
    try (Mlintern engine = Mlintern.open(config)) {
      engine.problems().forEach(problem -> err.println("mlintern: " + problem));
      Project project = workspace.project();
      Optional<Goal> goal = engine.understand(project, prompt, flags.options(), err);
      goal.ifPresent(g -> err.println("· understood: " + g.describe()));
      AgentSession session = engine.start(project, prompt, flags.options(), turn.listener());
      err.println(
          "· session " + session.id() + " (resume with: mlintern resume " + session.id() + ")");
      AgentEvent.TurnComplete done = turn.await(session, session.currentTurn());
      RunEnding ending =
          RunEnding.of(
              project,
              session.id(),
              goal.isPresent() || engine.postTraining(prompt, flags.options()),
              done,
              turn.lastText());
      session.close(ending.status(), ending.report() == null ? null : ending.report().toString());
      ending.print(out, err, flags.json);
      return ending.exitCode();
    }
  }
}
