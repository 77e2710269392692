package dev.mlintern.cli.bench;

import dev.mlintern.app.Config;
import dev.mlintern.app.ProjectException;
import dev.mlintern.app.PythonEnvironment;
import dev.mlintern.autopilot.AutopilotException;
import dev.mlintern.autopilot.bench.BenchResult;
import dev.mlintern.autopilot.bench.BenchTask;
import dev.mlintern.cli.TimeBudget;
import dev.mlintern.core.config.Durations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern demo}: the autopilot takes the bundled credit task (examples/credit) from raw
 * data to a submission and an HTML report, with no key and no network, and prints where the report
 * is.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the offline autopilot on the bundled credit task and print the report path.")
public final class DemoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--time-budget",
      defaultValue = "2m",
      description = "Wall-clock budget (default 2m).")
  String budget;

  @Option(names = "--out", description = "Results folder (default $MLINTERN_HOME/demo/<time>).")
  Path out;

  @Option(names = "--task", description = "Task folder (default examples/credit of this checkout).")
  Path task;

  private final Config config;
  private final Instant started;

  /**
   * @param started what the time budget counts from: the process's start
   */
  public DemoCommand(Config config, Instant started) {
    this.config = config;
    this.started = started;
  }

  /** A demo whose budget counts from now. */
  public DemoCommand(Config config) {
    this(config, Instant.now());
  }

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    try {
      PythonEnvironment.fromSettings(config.settings()).ensure(PythonEnvironment.Tier.TABULAR, err);
    } catch (ProjectException e) {
      err.println("mlintern demo: " + e.getMessage());
      return 2;
    }
    Path folder = task != null ? task : bundled();
    if (folder == null) {
      err.println(
          "mlintern demo: examples/credit not found; run from the repository or pass --task DIR");
      return 1;
    }
    Path results =
        out != null
            ? out
            : config
                .home()
                .resolve("demo")
                .resolve(
                    LocalDateTime.now()
                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)));
    try {
      // counted from the process start, as a person times the command
      Duration limit = new TimeBudget(started, Durations.parse(budget)).left(Instant.now());
      BenchTask loaded = BenchTask.load(folder);
      err.println(
          "demo: the autopilot audits the data, runs baselines and a budgeted search, validates the finalists"
              + " on rows the search never saw, refits with several seeds and writes a report.");
      BenchResult result =
          new BenchLauncher(config)
              .run(
                  loaded,
                  limit,
                  results,
                  "autopilot",
                  0,
                  0,
                  "mlintern demo --time-budget " + budget + " --out " + results,
                  err);
      err.printf(
          Locale.ROOT,
          "demo: chose %s, validation %s %.4f ± %.4f after %d trials in %.0f s%n",
          result.recipe(),
          result.metric(),
          result.validationScore(),
          result.validationStd(),
          result.trials(),
          result.seconds());
      spec.commandLine()
          .getOut()
          .println("report: " + results.resolve("report.html").toAbsolutePath());
      return 0;
    } catch (AutopilotException | IllegalArgumentException e) {
      err.println("mlintern demo: " + e.getMessage());
      return 1;
    }
  }

  /** examples/credit in the working directory or above the jar this class was loaded from. */
  private static Path bundled() {
    Path here = Path.of("").toAbsolutePath();
    try {
      here = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (Exception e) {
      // fall back to the working directory only
    }
    for (Path start : new Path[] {Path.of("").toAbsolutePath(), here}) {
      for (Path p = start; p != null; p = p.getParent()) {
        if (Files.isRegularFile(p.resolve("examples/credit/task.md"))) {
          return p.resolve("examples/credit");
        }
      }
    }
    return null;
  }
}
