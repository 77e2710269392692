package dev.mlintern.autopilot.bench;

import dev.mlintern.autopilot.AutopilotException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a submission CSV (id and target columns) against a task's {@code answers/test.csv}. A
 * submission that misses ids or columns, repeats ids or holds values the metric cannot read is
 * refused with a message naming them.
 */
public final class Grader {
  private final BenchTask task;

  public Grader(BenchTask task) {
    this.task = task;
  }

  public double grade(Path submission) {
    Path answers = task.dir().resolve("answers/test.csv");
    if (!Files.isRegularFile(answers)) {
      throw new AutopilotException(
          AutopilotException.Kind.BAD_TASK,
          "task " + task.name() + " has no answers/test.csv, so it cannot be graded");
    }
    if (!Files.isRegularFile(submission)) {
      throw bad("submission " + submission + " does not exist");
    }
    return grade(CsvTable.read(submission), CsvTable.read(answers));
  }

  double grade(CsvTable submission, CsvTable answers) {
    for (String column : List.of(task.id(), task.target())) {
      if (submission.column(column) < 0) {
        throw bad(
            "the submission has no '"
                + column
                + "' column; it needs "
                + task.id()
                + ","
                + task.target()
                + " (its columns are "
                + String.join(", ", submission.header())
                + ")");
      }
    }
    Map<String, String> submitted = new HashMap<>();
    List<String> ids = submission.values(task.id());
    List<String> values = submission.values(task.target());
    for (int i = 0; i < ids.size(); i++) {
      if (submitted.put(ids.get(i), values.get(i)) != null) {
        throw bad("the submission repeats id " + ids.get(i));
      }
    }
    List<String> answerIds = answers.values(task.id());
    List<String> truth = answers.values(task.target());
    List<String> missing = answerIds.stream().filter(id -> !submitted.containsKey(id)).toList();
    if (!missing.isEmpty()) {
      throw bad(
          "the submission lacks "
              + missing.size()
              + " of "
              + answerIds.size()
              + " test ids, e.g. "
              + String.join(", ", missing.subList(0, Math.min(5, missing.size()))));
    }
    if (submitted.size() > answerIds.size()) {
      throw bad(
          "the submission has "
              + (submitted.size() - answerIds.size())
              + " ids that are not in the test file");
    }
    List<String> predicted = answerIds.stream().map(submitted::get).toList();
    return switch (task.metric()) {
      case ACCURACY -> Scoring.accuracy(truth, predicted);
      case F1 -> Scoring.f1(truth, predicted, task.positive());
      case ROC_AUC -> Scoring.rocAuc(truth, numbers(predicted, answerIds), task.positive());
      case RMSE -> Scoring.rmse(numbers(truth, answerIds), numbers(predicted, answerIds));
      case RMSLE -> Scoring.rmsle(numbers(truth, answerIds), numbers(predicted, answerIds));
      case MAE -> Scoring.mae(numbers(truth, answerIds), numbers(predicted, answerIds));
    };
  }

  private double[] numbers(List<String> values, List<String> ids) {
    List<String> bad = new ArrayList<>();
    double[] out = new double[values.size()];
    for (int i = 0; i < values.size(); i++) {
      try {
        out[i] = Double.parseDouble(values.get(i));
        if (!Double.isFinite(out[i])) {
          bad.add(ids.get(i));
        }
      } catch (NumberFormatException e) {
        bad.add(ids.get(i));
      }
    }
    if (!bad.isEmpty()) {
      throw bad(
          "metric "
              + task.metric().label()
              + " needs a finite number in '"
              + task.target()
              + "' for every row; ids "
              + String.join(", ", bad.subList(0, Math.min(5, bad.size())))
              + " have none"
              + (task.metric() == Metric.ROC_AUC
                  ? " (submit the probability of '" + task.positive() + "')"
                  : ""));
    }
    return out;
  }

  private static AutopilotException bad(String message) {
    return new AutopilotException(AutopilotException.Kind.BAD_SUBMISSION, message);
  }
}
