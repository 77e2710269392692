package dev.mlintern.autopilot.goal;

import dev.mlintern.autopilot.bench.CsvTable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Understands a training goal written in plain words ("beat 0.95 accuracy on data/train.csv, target
 * column label", "predict price from houses.csv (RMSE)") or as {@code key: value} lines ("training
 * data: …", "target: …"), checking it against the files of the project folder when the session has
 * one. It finds the data, the target (named, else a column called label, target, class or y, else
 * the last column, saying which and why), the task type (from the words, the metric or the target's
 * values), the metric and its direction, a threshold and the time budget; or it asks one question,
 * or refuses bad input with what to do.
 */
public final class GoalReader {
  /** Seconds of search when neither the goal nor the session sets a budget. */
  public static final double DEFAULT_BUDGET = 300;

  private static final int SAMPLE_ROWS = 2000;
  private static final List<String> CONVENTIONAL = List.of("label", "target", "class", "y");
  private static final List<String> TYPES =
      List.of("classification", "regression", "text-classification");
  private static final List<String> REGRESSION_METRICS = List.of("rmse", "rmsle", "mae");

  private GoalReader() {}

  /** What {@code text} (every message the person wrote, in order) asks, in the session's folder. */
  public static Understanding understand(String text, SessionFacts facts) {
    GoalText words = GoalText.read(text);
    if (words.score().unknownMetric() != null) {
      return new Understanding.Refusal(
          "the autopilot scores accuracy, f1, roc_auc, rmse, rmsle or mae, not '"
              + words.score().unknownMetric()
              + "'; name one of these");
    }
    if (words.score().badThreshold() != null) {
      return new Understanding.Refusal(
          "the threshold '"
              + words.score().badThreshold()
              + "' is not a number; write it as in 'beat 0.95 accuracy'");
    }
    if (words.type() != null && !TYPES.contains(words.type())) {
      return new Understanding.Refusal(
          "type '" + words.type() + "' is not one of " + String.join(", ", TYPES));
    }
    DataFiles.Choice data = new DataFiles(facts.workspace()).choose(words);
    if (data.problem() != null) {
      return data.problem();
    }
    CsvTable sample = new CsvTable(List.of(), List.of());
    if (facts.workspace().isPresent()) {
      try {
        sample = CsvTable.head(facts.workspace().get().resolve(data.train()), SAMPLE_ROWS);
      } catch (UncheckedIOException e) {
        return new Understanding.Refusal(data.train() + " cannot be read: " + e.getMessage());
      }
      if (sample.header().isEmpty() || sample.rows().isEmpty()) {
        return new Understanding.Refusal(
            data.train() + " has no rows; it needs a header line and at least one row");
      }
    }
    Target target = target(words, sample, data.train());
    if (target.problem() != null) {
      return target.problem();
    }
    List<String> values = sample.header().isEmpty() ? List.of() : sample.values(target.column());
    boolean numeric = values.stream().filter(v -> !v.isEmpty()).allMatch(GoalReader::isNumber);
    String type = type(words, values, numeric);
    if (type.equals("regression") && !values.isEmpty() && !numeric) {
      return new Understanding.Refusal(
          "column '"
              + target.column()
              + "' holds text, so it cannot be a regression target; ask for a classifier or name"
              + " a numeric column");
    }
    String metric =
        words.score().metric() != null
            ? words.score().metric()
            : type.equals("regression") ? "rmse" : "accuracy";
    if (type.equals("regression") != REGRESSION_METRICS.contains(metric)) {
      return new Understanding.Refusal(
          metric
              + " scores "
              + (REGRESSION_METRICS.contains(metric) ? "regression" : "classification")
              + " but the goal asks for "
              + type
              + "; pick a metric that fits");
    }
    boolean higher = !REGRESSION_METRICS.contains(metric);
    Threshold threshold =
        words.score().threshold() == null
            ? null
            : new Threshold(metric, words.score().threshold(), higher);
    return new Understanding.Understood(
        new Goal(
            words.keys().getOrDefault("name", name(data.train(), facts)),
            goalText(words, text, target.column()),
            data.train(),
            data.test(),
            target.column(),
            target.reason(),
            words.id() != null ? words.id() : column(sample.header(), "id").orElse(null),
            type,
            metric,
            words.positive(),
            threshold,
            budget(words, facts),
            words.keys().get("reproduce_with")));
  }

  /** The column to predict and why, or what is wrong with the one named. */
  private record Target(String column, String reason, Understanding problem) {
    static Target of(String column, String reason) {
      return new Target(column, reason, null);
    }

    static Target problem(Understanding problem) {
      return new Target(null, null, problem);
    }
  }

  private static Target target(GoalText words, CsvTable sample, String train) {
    List<String> columns = sample.header();
    if (columns.isEmpty()) {
      String named = words.namedTarget() != null ? words.namedTarget() : first(words.targetHints());
      return named != null
          ? Target.of(named, "named in the goal")
          : Target.problem(
              new Understanding.Question(
                  "Which column of "
                      + train
                      + " should the model predict? Answer with a line like 'target: label'."));
    }
    if (words.namedTarget() != null) {
      return column(columns, words.namedTarget())
          .map(c -> Target.of(c, "named in the goal"))
          .orElse(
              Target.problem(
                  new Understanding.Refusal(
                      train
                          + " has no column '"
                          + words.namedTarget()
                          + "'; its columns are "
                          + String.join(", ", columns)
                          + ": name one of them as the target")));
    }
    String last = columns.get(columns.size() - 1);
    if (words.lastColumn()) {
      return Target.of(last, "the last column, as the goal says");
    }
    for (String hint : words.targetHints()) {
      Optional<String> column = column(columns, hint);
      if (column.isPresent()) {
        return Target.of(column.get(), "named in the goal");
      }
    }
    for (String name : CONVENTIONAL) {
      Optional<String> column = column(columns, name);
      if (column.isPresent()) {
        return Target.of(column.get(), "the column called '" + column.get() + "'");
      }
    }
    return Target.of(
        last, "the last column; none is named in the goal or called label, target, class or y");
  }

  private static String type(GoalText words, List<String> values, boolean numeric) {
    if (words.type() != null) {
      return words.type();
    }
    if (words.score().metric() != null) {
      return REGRESSION_METRICS.contains(words.score().metric()) ? "regression" : "classification";
    }
    if (values.isEmpty() || !numeric) {
      return "classification";
    }
    Set<String> distinct = new HashSet<>();
    boolean integers = true;
    for (String v : values) {
      if (!v.isEmpty()) {
        distinct.add(v);
        integers &= Double.parseDouble(v) == Math.rint(Double.parseDouble(v));
      }
    }
    return integers && distinct.size() <= 20 ? "classification" : "regression";
  }

  /**
   * The time budget a goal states or the session sets, the smaller of the two, else the default.
   */
  public static double budgetSeconds(String text, SessionFacts facts) {
    return budget(GoalText.read(text), facts);
  }

  private static double budget(GoalText words, SessionFacts facts) {
    List<Double> budgets = new ArrayList<>();
    if (words.budgetSeconds() != null) {
      budgets.add(words.budgetSeconds());
    }
    facts.budgetSeconds().ifPresent(budgets::add);
    return budgets.stream().mapToDouble(Double::doubleValue).min().orElse(DEFAULT_BUDGET);
  }

  private static String name(String train, SessionFacts facts) {
    String stem = Path.of(train).getFileName().toString().replaceAll("\\.[^.]+$", "");
    if (!stem.equalsIgnoreCase("train")) {
      return stem;
    }
    return facts.workspace().map(ws -> ws.getFileName().toString()).orElse("task");
  }

  private static String goalText(GoalText words, String text, String target) {
    if (words.keys().containsKey("goal")) {
      return words.keys().get("goal");
    }
    if (words.keys().containsKey("train")) {
      return words.keys().getOrDefault("name", "predict " + target);
    }
    return text.strip().lines().findFirst().orElse("predict " + target);
  }

  private static Optional<String> column(List<String> columns, String name) {
    return columns.stream().filter(c -> c.equalsIgnoreCase(name.strip())).findFirst();
  }

  private static String first(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }

  private static boolean isNumber(String value) {
    try {
      Double.parseDouble(value);
      return !value.toLowerCase(Locale.ROOT).matches(".*[a-z].*")
          || value.matches("(?i)[-+]?(nan|inf|infinity)");
    } catch (NumberFormatException e) {
      return false;
    }
  }
}
