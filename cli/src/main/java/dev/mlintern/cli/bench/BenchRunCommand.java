package dev.mlintern.cli.bench;

import dev.mlintern.app.Config;
import dev.mlintern.app.PythonEnvironment;
import dev.mlintern.autopilot.bench.BenchResult;
import dev.mlintern.autopilot.bench.BenchTask;
import dev.mlintern.core.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern bench run TASK_DIR --time-budget 5m --out DIR [--model SPEC] [--seed N]}: runs
 * the research loop on a bench task and writes DIR/submission.csv, report.html, report.md and
 * result.json; prints result.json on stdout. Exit 1 when the task is broken or the run fails, 2 on
 * bad flags.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run a bench task: submission.csv, report.html, report.md, result.json in --out.")
final class BenchRunCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "TASK_DIR",
      description = "Bench task folder (task.md, data/train.csv, data/test.csv).")
  Path task;

  @Option(
      names = "--time-budget",
      defaultValue = "5m",
      description = "Wall-clock budget, e.g. 90s, 5m (default 5m).")
  String budget;

  @Option(names = "--out", required = true, description = "Folder for the results.")
  Path out;

  @Option(
      names = "--model",
      defaultValue = "autopilot",
      description = "Model spec (default autopilot).")
  String model;

  @Option(names = "--seed", defaultValue = "0", description = "Autopilot seed (default 0).")
  long seed;

  @Option(
      names = "--max-trials",
      defaultValue = "0",
      description = "Autopilot search trials at most (0: budget).")
  int maxTrials;

  private final Config config;

  BenchRunCommand(Config config) {
    this.config = config;
  }

  @Override
  public Integer call() {
    var err = spec.commandLine().getErr();
    Duration limit;
    try {
      limit = Durations.parse(budget);
    } catch (IllegalArgumentException e) {
      err.println("mlintern bench run: " + e.getMessage());
      return 2;
    }
    BenchTask loaded = BenchTask.load(task);
    PythonEnvironment.fromSettings(config.settings()).ensure(PythonEnvironment.Tier.TABULAR, err);
    String reproduce =
        "mlintern bench run "
            + task
            + " --time-budget "
            + budget
            + " --out "
            + out
            + " --model "
            + model
            + " --seed "
            + seed
            + (maxTrials > 0 ? " --max-trials " + maxTrials : "");
    BenchResult result =
        new BenchLauncher(config).run(loaded, limit, out, model, seed, maxTrials, reproduce, err);
    spec.commandLine().getOut().println(result.toJson());
    err.println("bench: report at " + out.resolve("report.html").toAbsolutePath());
    return 0;
  }
}
