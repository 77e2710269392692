package dev.mlintern.autopilot.bench;

import dev.mlintern.autopilot.AutopilotException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A bench task folder ({@code task.md} front matter, {@code data/train.csv}, {@code
 * data/test.csv}), checked on load so a broken task fails with a message that names the file and
 * the fix rather than deep inside a run. {@code answers/} is the grader's business only: nothing
 * here reads it.
 */
public record BenchTask(
    Path dir,
    String name,
    TaskType type,
    String target,
    String id,
    Metric metric,
    String positive,
    String about) {

  public Path train() {
    return dir.resolve("data/train.csv");
  }

  public Path test() {
    return dir.resolve("data/test.csv");
  }

  public static BenchTask load(Path dir) {
    Path md = dir.resolve("task.md");
    if (!Files.isDirectory(dir)) {
      throw bad("bench task folder " + dir + " does not exist");
    }
    for (Path required : List.of(md, dir.resolve("data/train.csv"), dir.resolve("data/test.csv"))) {
      if (!Files.isRegularFile(required)) {
        throw bad(
            dir
                + " is not a bench task: "
                + dir.relativize(required)
                + " is missing (a task needs task.md, data/train.csv and data/test.csv)");
      }
    }
    String text;
    try {
      text = Files.readString(md);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> front = frontMatter(text, md);
    String where = md.toString();
    TaskType type = TaskType.parse(required(front, "type", where), where);
    Metric metric = Metric.parse(required(front, "metric", where), where);
    if (!metric.fits(type)) {
      throw bad(
          where
              + ": metric '"
              + metric.label()
              + "' cannot score a "
              + type.label()
              + " task; use "
              + (type.classification() ? "accuracy, f1 or roc_auc" : "rmse, rmsle or mae"));
    }
    String positive = front.get("positive");
    if (metric.needsPositive() && (positive == null || positive.isBlank())) {
      throw bad(
          where
              + ": metric '"
              + metric.label()
              + "' needs 'positive:' (the label of the positive class)");
    }
    BenchTask task =
        new BenchTask(
            dir,
            front.getOrDefault("name", dir.getFileName().toString()),
            type,
            required(front, "target", where),
            required(front, "id", where),
            metric,
            positive,
            body(text));
    task.checkColumns();
    return task;
  }

  private void checkColumns() {
    List<String> trainColumns = CsvTable.readHeader(train());
    List<String> testColumns = CsvTable.readHeader(test());
    if (!trainColumns.contains(target)) {
      throw bad(
          "target column '"
              + target
              + "' is not in data/train.csv; its columns are "
              + String.join(", ", trainColumns)
              + " — fix 'target:' in task.md");
    }
    if (!trainColumns.contains(id)) {
      throw bad(
          "id column '"
              + id
              + "' is not in data/train.csv; its columns are "
              + String.join(", ", trainColumns));
    }
    if (!testColumns.contains(id)) {
      throw bad(
          "id column '"
              + id
              + "' is not in data/test.csv; its columns are "
              + String.join(", ", testColumns));
    }
    List<String> extra = testColumns.stream().filter(c -> !trainColumns.contains(c)).toList();
    if (!extra.isEmpty()) {
      throw bad(
          "data/test.csv has columns the training file lacks: "
              + String.join(", ", extra)
              + " — a model cannot learn from them; rename or drop them");
    }
  }

  private static Map<String, String> frontMatter(String text, Path md) {
    List<String> lines = text.lines().toList();
    if (lines.isEmpty() || !lines.get(0).strip().equals("---")) {
      throw bad(
          md
              + " must start with front matter between '---' lines (name, type, target, id, metric)");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.equals("---")) {
        return values;
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        values.put(line.substring(0, colon).strip(), unquote(line.substring(colon + 1).strip()));
      }
    }
    throw bad(md + ": the front matter is not closed by a '---' line");
  }

  private static String body(String text) {
    int first = text.indexOf("---");
    int second = text.indexOf("\n---", first + 3);
    return second < 0 ? "" : text.substring(text.indexOf('\n', second + 1) + 1).strip();
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static String required(Map<String, String> front, String key, String where) {
    String value = front.get(key);
    if (value == null || value.isBlank()) {
      throw bad(where + ": front matter lacks '" + key + ":'");
    }
    return value;
  }

  private static AutopilotException bad(String message) {
    return new AutopilotException(AutopilotException.Kind.BAD_TASK, message);
  }
}
