package dev.mlintern.autopilot.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the autopilot understood of its task from the first user message: the data files, the
 * target, the id column, the task type, the metric (and positive label) and the wall-clock budget.
 * It reads {@code key: value} lines, so both a bench task's front matter and a hand-written goal
 * ("train: data.csv", "target: price") work.
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
    String reproduce) {

  private static final Pattern LINE =
      Pattern.compile("^\\s*([A-Za-z][A-Za-z _-]*?)\\s*:\\s*(.+?)\\s*$");
  private static final Pattern BUDGET =
      Pattern.compile("([0-9.]+)\\s*(s|sec|seconds|m|min|minutes|h|hours)?\\b");

  public boolean classification() {
    return !type.equals("regression");
  }

  public boolean higherIsBetter() {
    return !(metric.equals("rmse") || metric.equals("rmsle") || metric.equals("mae"));
  }

  public boolean text() {
    return type.equals("text-classification");
  }

  /**
   * The brief in the first user message, or empty with nothing to act on (no training file or
   * target).
   */
  public static Optional<TaskBrief> parse(String message) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : message.split("\n")) {
      Matcher m = LINE.matcher(line);
      if (m.matches()) {
        values.putIfAbsent(
            m.group(1).toLowerCase(java.util.Locale.ROOT).replace(' ', '_'), m.group(2));
      }
    }
    String train = first(values, "training_data", "train", "data");
    String target = values.get("target");
    if (train == null || target == null) {
      return Optional.empty();
    }
    String type = values.getOrDefault("type", "classification");
    String metric = values.getOrDefault("metric", type.equals("regression") ? "rmse" : "accuracy");
    String goal = values.getOrDefault("goal", values.getOrDefault("name", "predict " + target));
    return Optional.of(
        new TaskBrief(
            values.getOrDefault("name", "task"),
            train,
            first(values, "test_data", "test"),
            target,
            values.getOrDefault("id", "id"),
            type,
            metric,
            values.get("positive"),
            budget(values.get("time_budget")),
            goal,
            values.get("reproduce_with")));
  }

  private static String first(Map<String, String> values, String... keys) {
    for (String key : keys) {
      if (values.containsKey(key)) {
        return values.get(key);
      }
    }
    return null;
  }

  static double budget(String text) {
    if (text == null) {
      return 300;
    }
    Matcher m = BUDGET.matcher(text);
    if (!m.find()) {
      return 300;
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    return switch (unit.charAt(0)) {
      case 'm' -> value * 60;
      case 'h' -> value * 3600;
      default -> value;
    };
  }
}
