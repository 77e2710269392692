package dev.mlintern.cli.bench;

import dev.mlintern.autopilot.bench.BenchTask;
import dev.mlintern.autopilot.bench.Grader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern bench grade TASK_DIR SUBMISSION}: prints the submission's score on the task's
 * answers.
 */
@Command(
    name = "grade",
    mixinStandardHelpOptions = true,
    description = "Score a submission against a bench task's answers; prints the score.")
final class BenchGradeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TASK_DIR", description = "Bench task folder.")
  Path task;

  @Parameters(
      index = "1",
      paramLabel = "SUBMISSION",
      description = "CSV with the id and target columns.")
  Path submission;

  @Override
  public Integer call() {
    BenchTask loaded = BenchTask.load(task);
    double score = new Grader(loaded).grade(submission);
    spec.commandLine().getOut().println(score);
    spec.commandLine()
        .getErr()
        .println(
            loaded.name()
                + " "
                + loaded.metric().label()
                + " "
                + (loaded.metric().higherIsBetter() ? "(higher is better)" : "(lower is better)"));
    return 0;
  }
}
