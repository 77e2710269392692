package dev.mlintern.autopilot.search;

/**
 * What the search runs on, as {@code dev.mlintern.autopilot.goal.GoalReader} understood the goal:
 * the data files, the target, the id column, the task type, the metric (and positive label), the
 * wall-clock budget, and the folder (relative to the workspace, ending in '/', or empty for the
 * workspace itself) that the trials, the predictions and the report go to.
 */
public record TaskBrief(
    String name,
    String train,
    String test,
    String target,
    String id,
    String type,
    String metric,
    String positive,
    double budgetSeconds,
    String goal,
    String reproduce,
    String outputs) {

  public boolean classification() {
    return !type.equals("regression");
  }

  public boolean higherIsBetter() {
    return !(metric.equals("rmse") || metric.equals("rmsle") || metric.equals("mae"));
  }

  public boolean text() {
    return type.equals("text-classification");
  }
}
