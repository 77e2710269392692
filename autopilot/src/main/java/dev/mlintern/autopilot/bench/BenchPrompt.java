package dev.mlintern.autopilot.bench;

import java.time.Duration;

/**
 * The first user message of a bench run: the task's front matter and description, where the data
 * lies, what to hand back and the time budget. Any model gets the same text; the answers folder is
 * named only to forbid it.
 */
public final class BenchPrompt {
  /** Where the bench harness puts the task's files in the session workspace. */
  public static final String TRAIN = "data/train.csv";

  public static final String TEST = "data/test.csv";

  private BenchPrompt() {}

  public static String of(BenchTask task, Duration budget) {
    StringBuilder text = new StringBuilder();
    text.append("Solve this bench task and hand back a graded-quality submission and a report. ")
        .append("Its files are in your workspace.\n\n");
    text.append("name: ").append(task.name()).append('\n');
    text.append("goal: ")
        .append(task.about().lines().findFirst().orElse("predict " + task.target()))
        .append('\n');
    text.append("type: ").append(task.type().label()).append('\n');
    text.append("target: ").append(task.target()).append('\n');
    text.append("id: ").append(task.id()).append('\n');
    text.append("metric: ").append(task.metric().label()).append('\n');
    if (task.positive() != null) {
      text.append("positive: ").append(task.positive()).append('\n');
    }
    text.append("training data: ").append(TRAIN).append('\n');
    text.append("test data: ").append(TEST).append('\n');
    text.append("time budget: ").append(budget.toSeconds()).append(" seconds\n\n");
    text.append(task.about()).append("\n\n");
    text.append(
            "Write predictions for every row of the test data to submission.csv in the workspace, ")
        .append("with the columns ")
        .append(task.id())
        .append(',')
        .append(task.target());
    text.append(
        task.metric() == Metric.ROC_AUC
            ? " (the probability that " + task.target() + " is '" + task.positive() + "').\n"
            : ".\n");
    text.append(
            "Select the final model on validation data the search never used, then call the report tool. ")
        .append("Never read the task's answers folder.\n");
    return text.toString();
  }
}
