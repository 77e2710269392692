package dev.mlintern.autopilot.goal;

import dev.mlintern.autopilot.search.TaskBrief;
import java.util.Locale;

/**
 * A training goal as the autopilot understood it: the data files (paths relative to the project
 * folder), the target column and why that one, the task type, the metric and its direction, an
 * optional threshold to reach and the time budget.
 *
 * @param train the training file
 * @param test the file to predict, or null
 * @param target the column to predict
 * @param targetReason why this column ("named in the goal", "the column called 'label'", "the last
 *     column")
 * @param type classification, regression or text-classification
 * @param metric accuracy, f1, roc_auc, rmse, rmsle or mae
 * @param threshold the score to reach, or null
 * @param id the id column, or null when the data has none
 * @param budgetSeconds wall-clock budget of the search
 */
public record Goal(
    String name,
    String text,
    String train,
    String test,
    String target,
    String targetReason,
    String id,
    String type,
    String metric,
    String positive,
    Threshold threshold,
    double budgetSeconds,
    String reproduce) {

  public boolean higherIsBetter() {
    return !(metric.equals("rmse") || metric.equals("rmsle") || metric.equals("mae"));
  }

  /** The brief the search runs on, writing what it produces under {@code outputs}. */
  public TaskBrief brief(String outputs) {
    return new TaskBrief(
        name,
        train,
        test,
        target,
        id,
        type,
        metric,
        positive,
        budgetSeconds,
        text,
        reproduce,
        outputs);
  }

  /**
   * One line a person can check: "train data/train.csv · target label (named in the goal) ·
   * classification · accuracy (higher is better) · threshold accuracy ≥ 0.95 · budget 300 s".
   */
  public String describe() {
    StringBuilder line = new StringBuilder("train ").append(train);
    if (test != null) {
      line.append(" · test ").append(test);
    }
    line.append(" · target ").append(target).append(" (").append(targetReason).append(')');
    line.append(" · ").append(type);
    line.append(" · ")
        .append(metric)
        .append(higherIsBetter() ? " (higher is better)" : " (lower is better)");
    if (threshold != null) {
      line.append(" · threshold ").append(threshold.describe());
    }
    line.append(" · budget ")
        .append(String.format(Locale.ROOT, "%.0f", budgetSeconds))
        .append(" s");
    return line.toString();
  }
}
