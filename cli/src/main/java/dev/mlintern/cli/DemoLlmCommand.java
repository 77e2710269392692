package dev.mlintern.cli;

import dev.mlintern.app.Config;
import dev.mlintern.app.Mlintern;
import dev.mlintern.app.Project;
import dev.mlintern.app.SessionOptions;
import dev.mlintern.compute.executor.LlmVenv;
import dev.mlintern.core.AgentConfig;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.config.Durations;
import dev.mlintern.core.event.AgentEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern demo llm}: the autopilot takes a tiny model through the post-training loop on
 * two-digit addition (warm start on the format, baseline, SFT, GRPO, an unstable GRPO run diagnosed
 * and rerun, report), as an ordinary {@code run} of the plain goal in a fresh folder, with no key
 * and no network. Prints {@code report: PATH} last; {@code result.json} lies beside the report.
 */
@Command(
    name = "llm",
    mixinStandardHelpOptions = true,
    description =
        "Post-train a tiny model to add two-digit numbers with the offline autopilot and print the"
            + " report path.")
public final class DemoLlmCommand implements Callable<Integer> {
  static final String GOAL = "teach the model to add two-digit numbers";

  /** Where a busy machine's job start-ups run long, the session still ends on its own. */
  private static final Duration SLOW_MACHINE = Duration.ofMinutes(5);

  @Spec CommandSpec spec;

  @Option(
      names = "--time-budget",
      defaultValue = "8m",
      description =
          "Wall-clock time the loop plans for (default 8m); the session stops at twice it plus five minutes.")
  String budget;

  @Option(
      names = "--out",
      description = "Project folder for the run (default $MLINTERN_HOME/demo/llm-<time>).")
  Path out;

  private final Config config;
  private final InputStream stdin;

  public DemoLlmCommand(Config config, InputStream stdin) {
    this.config = config;
    this.stdin = stdin;
  }

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Duration limit;
    try {
      limit = Durations.parse(budget);
    } catch (IllegalArgumentException e) {
      err.println("mlintern demo llm: --time-budget " + budget + ": " + e.getMessage());
      return 2;
    }
    LlmVenv venv = LlmVenv.fromSettings(config.settings());
    if (!venv.exists()) {
      err.println(
          "mlintern demo llm: the post-training environment "
              + venv.root()
              + " is missing; create it with scripts/install-llm-env.sh (or set MLINTERN_LLM_VENV)");
      return 2;
    }
    Path folder = out != null ? out : defaultFolder();
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      err.println("mlintern demo llm: cannot create " + folder + ": " + e.getMessage());
      return 2;
    }
    err.println(
        "demo llm: the autopilot builds a tiny model, teaches it the answer format, measures it,"
            + " fine-tunes it (SFT), trains it with GRPO, diagnoses a deliberately unstable GRPO run,"
            + " reruns it and writes a report.");
    HeadlessTurn turn = new HeadlessTurn(stdin, stdout, err, false);
    SessionOptions options =
        new SessionOptions(
            Optional.of("autopilot"),
            AgentConfig.defaults()
                .withAutoApprove(true)
                .withTimeBudget(limit.multipliedBy(2).plus(SLOW_MACHINE)));
    try (Mlintern engine = Mlintern.open(config)) {
      Project project = Project.at(folder.toAbsolutePath());
      AgentSession session =
          engine.start(project, GOAL + "\ntime budget: " + budget, options, turn.listener());
      AgentEvent.TurnComplete done = turn.await(session, session.currentTurn());
      RunEnding ending = RunEnding.of(project, session.id(), false, done, turn.lastText());
      boolean reported =
          ending.report() != null && Files.isRegularFile(project.result(session.id()));
      session.close(reported ? "finished" : "failed", reported ? ending.report().toString() : null);
      if (!reported) {
        err.println(
            "mlintern demo llm: failed: no report was written: "
                + Optional.ofNullable(turn.lastText()).orElse("the turn ended"));
        return 1;
      }
      ending.print(stdout, err, false);
      return 0;
    }
  }

  private Path defaultFolder() {
    return config
        .home()
        .resolve("demo")
        .resolve(
            "llm-"
                + LocalDateTime.now()
                    .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
  }
}
