package dev.mlintern.data.posttrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.engine.DataEngine.Table;
import dev.mlintern.data.engine.OutputWriter;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Joins the per-item predictions of the {@code evaluate} recipe ({@code predictions.jsonl}: line
 * {@code i} holds, per model tag, {@code {"index": i, "correct": bool, ...}}) back to the rows that
 * were evaluated, and keeps the rows whose pass rate lies in a range. Several predictions files
 * (repeated runs or samples) are averaged, so "how often the base model is right" is a rate. Each
 * kept row gains {@code pass_rate}, {@code attempts} and {@code difficulty} (unsolved, partial or
 * solved) so a later split can stratify by it.
 */
public final class Difficulty {
  /** What was written and how the pass rates fell over all rows. */
  public record Result(
      OutputWriter.Output output, long rows, long unsolved, long partial, long solved) {
    public String summary(Object shownPath) {
      return shownPath
          + "\t"
          + output.rows()
          + " of "
          + rows
          + " rows kept\tsha256:"
          + output.sha256()
          + "\npass rate of all rows: unsolved (never right) "
          + unsolved
          + ", partial "
          + partial
          + ", solved (always right) "
          + solved
          + "\n";
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final DataEngine engine;

  public Difficulty(DataEngine engine) {
    this.engine = engine;
  }

  /**
   * Writes the rows of {@code data} whose pass rate for {@code model} (a tag in the predictions,
   * {@code baseline} when null) is within {@code [min, max]} to {@code out}.
   */
  public Result filter(
      Table data, List<Path> predictions, String model, double min, double max, Path out) {
    if (predictions.isEmpty()) {
      throw new DataException(Kind.BAD_INPUT, "pass at least one predictions.jsonl from evaluate");
    }
    if (!(min >= 0 && max <= 1 && min <= max)) {
      throw new DataException(
          Kind.BAD_INPUT,
          "pass rate range ["
              + min
              + ", "
              + max
              + "] is not within [0, 1] with min <= max; e.g. min 0.01, max 0.99 keeps what the"
              + " model sometimes solves");
    }
    String tag = model == null || model.isBlank() ? "baseline" : model;
    long[] right = new long[Math.toIntExact(data.rows())];
    for (Path file : predictions) {
      count(file, tag, data, right);
    }
    Path staging = engine.scratch().resolve("pass-rates-" + System.nanoTime() + ".csv");
    try (BufferedWriter w = Files.newBufferedWriter(staging, StandardCharsets.UTF_8)) {
      w.write("i__,right__\n");
      for (int i = 0; i < right.length; i++) {
        w.write(i + "," + right[i] + "\n");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int n = predictions.size();
    engine.load("pass_rates", staging);
    Table all =
        engine.derive(
            "rated",
            "SELECT d.*, p.right__ / "
                + n
                + ".0 AS pass_rate, "
                + n
                + " AS attempts, CASE WHEN p.right__ = 0 THEN 'unsolved' WHEN p.right__ = "
                + n
                + " THEN 'solved' ELSE 'partial' END AS difficulty FROM (SELECT *, rowid AS i__"
                + " FROM "
                + DataEngine.quote(data.name())
                + ") d JOIN pass_rates p USING (i__) ORDER BY i__",
            data.source());
    long unsolved = engine.single("SELECT count(*) FROM rated WHERE difficulty = 'unsolved'");
    long solved = engine.single("SELECT count(*) FROM rated WHERE difficulty = 'solved'");
    long partial = all.rows() - unsolved - solved;
    Table kept =
        engine.derive(
            "kept",
            "SELECT * EXCLUDE (i__) FROM rated WHERE pass_rate BETWEEN "
                + String.format(Locale.ROOT, "%.9f AND %.9f", min, max)
                + " ORDER BY i__",
            data.source());
    if (kept.rows() == 0) {
      throw new DataException(
          Kind.BAD_INPUT,
          "no row has a pass rate in ["
              + min
              + ", "
              + max
              + "] (unsolved "
              + unsolved
              + ", partial "
              + partial
              + ", solved "
              + solved
              + "); widen the range");
    }
    return new Result(
        new OutputWriter(engine).write(kept, out), all.rows(), unsolved, partial, solved);
  }

  /** Adds one file's correct answers for {@code tag} to {@code right}, checking it lines up. */
  private static void count(Path file, String tag, Table data, long[] right) {
    int line = 0;
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String text = r.readLine(); text != null; text = r.readLine()) {
        if (text.isBlank()) {
          continue;
        }
        JsonNode record;
        try {
          record = JSON.readTree(text);
        } catch (IOException e) {
          throw new DataException(
              Kind.BAD_INPUT,
              file + " line " + (line + 1) + " is not JSON; pass evaluate's predictions.jsonl");
        }
        JsonNode item = record.path(tag);
        if (!item.path("correct").isBoolean()) {
          List<String> tags = new ArrayList<>();
          record.fieldNames().forEachRemaining(tags::add);
          throw new DataException(
              Kind.BAD_INPUT,
              file
                  + " line "
                  + (line + 1)
                  + " has no "
                  + tag
                  + ".correct; its model tags are: "
                  + (tags.isEmpty() ? "none" : String.join(", ", tags))
                  + " — pass model=TAG, or the predictions.jsonl that evaluate wrote");
        }
        int index = item.path("index").isInt() ? item.path("index").asInt() : line;
        if (index < 0 || index >= right.length) {
          throw mismatch(file, data, "item index " + index);
        }
        right[index] += item.path("correct").asBoolean() ? 1 : 0;
        line++;
      }
    } catch (IOException e) {
      throw new DataException(Kind.BAD_INPUT, "cannot read " + file + ": " + e.getMessage());
    }
    if (line != right.length) {
      throw mismatch(file, data, line + " items");
    }
  }

  private static DataException mismatch(Path file, Table data, String what) {
    return new DataException(
        Kind.BAD_INPUT,
        file
            + " has "
            + what
            + " but "
            + data.source()
            + " has "
            + data.rows()
            + " rows; pass the very file the evaluation ran on (evaluate keeps its row order)");
  }
}
