package dev.mlintern.cli;

import dev.mlintern.app.Config;
import dev.mlintern.app.Mlintern;
import dev.mlintern.app.Project;
import dev.mlintern.app.SessionOptions;
import dev.mlintern.autopilot.bench.BenchProgress;
import dev.mlintern.autopilot.goal.Goal;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.event.AgentEvent;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
 * --yes}; Ctrl-C interrupts the turn. In a terminal (stderr) without {@code --json}, the demo's
 * progress line stays under the event lines. The time budget ({@code --time-budget}, else the
 * goal's) counts from the start of the process ({@link TimeBudget}). The ending is said as {@link
 * RunEnding} says it, the last line being {@code report: PATH}.
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
  private final Launch launch;

  RunCommand(Config config, InputStream stdin, Launch launch) {
    this.config = config;
    this.stdin = stdin;
    this.launch = launch;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try (Mlintern engine = Mlintern.open(config)) {
      engine.problems().forEach(problem -> err.println("mlintern: " + problem));
      Project project = workspace.project();
      Optional<Goal> goal = engine.understand(project, prompt, flags.options(), err);
      goal.ifPresent(g -> err.println("· understood: " + g.describe()));
      Optional<TimeBudget> budget =
          goal.map(g -> Duration.ofMillis(Math.round(g.budgetSeconds() * 1000)))
              .or(() -> Optional.ofNullable(flags.timeBudget))
              .map(b -> new TimeBudget(launch.started(), b));
      SessionOptions options =
          budget
              .map(b -> flags.options().withTimeBudget(b.left(Instant.now())))
              .orElse(flags.options());
      HeadlessTurn turn =
          new HeadlessTurn(
              stdin,
              out,
              err,
              flags.json,
              launch.stderrTerminal() && !flags.json ? progress(budget, err) : null);
      AgentSession session = engine.start(project, prompt, options, turn.listener());
      turn.say(
          "· session " + session.id() + " (resume with: mlintern resume " + session.id() + ")");
      AgentEvent.TurnComplete done =
          turn.await(
              session, session.currentTurn(), budget.map(TimeBudget::deadline).orElse(Instant.MAX));
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

  /** The demo's bar over the budget counted from the process start, or time used without one. */
  private static BenchProgress progress(Optional<TimeBudget> budget, PrintWriter err) {
    return new BenchProgress(
        err,
        Clock.systemUTC(),
        budget.map(TimeBudget::processStart).orElseGet(Instant::now),
        budget.map(TimeBudget::budget).orElse(Duration.ZERO));
  }
}
