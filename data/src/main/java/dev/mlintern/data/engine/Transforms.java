package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.DataEngine.literal;
import static dev.mlintern.data.engine.DataEngine.quote;

import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import dev.mlintern.data.engine.DataEngine.Column;
import dev.mlintern.data.engine.DataEngine.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Table-to-table steps for preparing data: select, rename, filter by an SQL predicate, exact dedup,
 * seeded sample, stratified seeded split, and weighted mixing of several tables. Each step makes a
 * new table and leaves its input alone, so a pipeline can be re-run from any point. Randomness
 * comes from {@code hash(rowid, seed)}: the same seed gives the same rows.
 */
public final class Transforms {
  /** Two tables from one: the training and the held-out part. */
  public record Split(Table train, Table test) {}

  private final DataEngine engine;
  private int counter;

  public Transforms(DataEngine engine) {
    this.engine = engine;
  }

  private String next() {
    return "step_" + (++counter);
  }

  public Table select(Table in, List<String> columns) {
    List<String> quoted = new ArrayList<>();
    for (String c : columns) {
      quoted.add(quote(in.require(c, "select").name()));
    }
    return engine.derive(
        next(), "SELECT " + String.join(", ", quoted) + " FROM " + quote(in.name()), in.source());
  }

  public Table rename(Table in, Map<String, String> renames) {
    renames.keySet().forEach(c -> in.require(c, "rename"));
    List<String> parts = new ArrayList<>();
    for (Column c : in.columns()) {
      String to = renames.get(c.name());
      parts.add(to == null ? quote(c.name()) : quote(c.name()) + " AS " + quote(to));
    }
    return engine.derive(
        next(), "SELECT " + String.join(", ", parts) + " FROM " + quote(in.name()), in.source());
  }

  /**
   * Keeps the rows where {@code predicate}, an SQL expression over the columns, holds. The
   * predicate may come from a model, so the engine must be {@link DataEngine#lock locked} first:
   * DuckDB then refuses any file but the loaded sources, whatever function or path the predicate
   * uses.
   */
  public Table filter(Table in, String predicate) {
    if (!engine.locked()) {
      throw new IllegalStateException("lock the engine before running a filter predicate");
    }
    if (predicate == null || predicate.isBlank()) {
      throw new DataException(
          Kind.BAD_INPUT,
          "filter is empty; pass a row predicate such as \"label\" IN ('pos', 'neg') AND"
              + " length(\"text\") > 20");
    }
    try {
      return engine.derive(
          next(),
          "SELECT * FROM " + quote(in.name()) + " WHERE (" + predicate + "\n)",
          in.source());
    } catch (DataException e) {
      if (e.getMessage().startsWith("Permission Error")) {
        throw new DataException(
            Kind.BAD_INPUT,
            "filter '"
                + predicate
                + "' was refused: it reaches outside the dataset ("
                + e.getMessage().replaceFirst("^Permission Error: ", "")
                + "); a filter may only use the dataset's columns, e.g. \"label\" = 'pos'");
      }
      throw new DataException(
          Kind.BAD_INPUT,
          "filter '"
              + predicate
              + "' failed: "
              + e.getMessage()
              + "; columns are: "
              + in.columnList());
    }
  }

  /**
   * Keeps the first of each group of identical rows (on {@code columns}, or all columns when
   * empty).
   */
  public Table dedup(Table in, List<String> columns) {
    List<String> keys =
        columns == null || columns.isEmpty()
            ? in.columns().stream().map(Column::name).toList()
            : columns;
    keys.forEach(c -> in.require(c, "dedup"));
    String group = String.join(", ", keys.stream().map(DataEngine::quote).toList());
    String t = quote(in.name());
    // a semi-join keeps scan order (insertion order is preserved), so no sort is needed
    return engine.derive(
        next(),
        "SELECT * FROM "
            + t
            + " WHERE rowid IN (SELECT min(rowid) FROM "
            + t
            + " GROUP BY "
            + group
            + ")",
        in.source());
  }

  public Table sample(Table in, long rows, long seed) {
    return engine.derive(
        next(),
        "SELECT * FROM "
            + quote(in.name())
            + " ORDER BY hash(rowid, "
            + seed
            + ") LIMIT "
            + Math.max(0, rows),
        in.source());
  }

  /** Holds out {@code testFraction} of the rows, of each class of {@code stratify} when given. */
  public Split split(Table in, double testFraction, String stratify, long seed) {
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new DataException(
          Kind.BAD_INPUT, "test fraction must be between 0 and 1, got " + testFraction);
    }
    String partition =
        stratify == null
            ? ""
            : "PARTITION BY " + quote(in.require(stratify, "stratify").name()) + " ";
    String ranked =
        "SELECT *, rowid AS o__, row_number() OVER ("
            + partition
            + "ORDER BY hash(rowid, "
            + seed
            + ")) AS rn__, "
            + "count(*) OVER ("
            + partition.strip()
            + ") AS n__ FROM "
            + quote(in.name());
    String isTest = "rn__ <= round(n__ * " + String.format(Locale.ROOT, "%.6f", testFraction) + ")";
    engine.derive("split_all", ranked, in.source());
    Table train =
        engine.derive(
            next(),
            "SELECT * EXCLUDE (rn__, n__, o__) FROM split_all WHERE NOT ("
                + isTest
                + ") ORDER BY o__",
            in.source());
    Table test =
        engine.derive(
            next(),
            "SELECT * EXCLUDE (rn__, n__, o__) FROM split_all WHERE " + isTest + " ORDER BY o__",
            in.source());
    engine.execute("DROP TABLE split_all");
    return new Split(train, test);
  }

  /**
   * A mix and what it repeated: {@code repeats} has one row per source row taken more than once
   * ({@code source}, {@code row} — its 0-based position in the source — and {@code times}).
   */
  public record Mixed(Table table, Table repeats) {}

  /**
   * Mixes tables with the same columns by weight into about {@code total} rows (all rows when total
   * is 0). A table asked for more rows than it has is upsampled: every row is taken {@code take /
   * rows} times and a seeded choice of {@code take % rows} rows once more; when nothing is asked
   * twice the result is a sample without replacement.
   */
  public Mixed mix(List<Table> tables, List<Double> weights, long total, long seed) {
    if (tables.size() != weights.size() || tables.isEmpty()) {
      throw new DataException(
          Kind.BAD_INPUT,
          "mix needs one weight per dataset ("
              + tables.size()
              + " datasets, "
              + weights.size()
              + " weights)");
    }
    for (double w : weights) {
      if (!(w >= 0) || Double.isInfinite(w)) {
        throw new DataException(
            Kind.BAD_INPUT, "mix weights must be finite and not negative, got " + w);
      }
    }
    double sum = weights.stream().mapToDouble(Double::doubleValue).sum();
    if (sum <= 0) {
      throw new DataException(Kind.BAD_INPUT, "mix weights are all 0; give one a weight above 0");
    }
    long size = total > 0 ? total : tables.stream().mapToLong(Table::rows).sum();
    List<String> parts = new ArrayList<>();
    List<String> plans = new ArrayList<>();
    for (int i = 0; i < tables.size(); i++) {
      Table t = tables.get(i);
      long take = Math.round(size * weights.get(i) / sum);
      if (take > 0 && t.rows() == 0) {
        throw new DataException(
            Kind.BAD_INPUT,
            t.source() + " is empty but weight " + weights.get(i) + " asks for rows");
      }
      String plan = "mix_plan_" + i;
      // each row's copies: the whole table take / n times, the first take % n by hash once more
      engine.derive(
          plan,
          "SELECT rowid AS r__, "
              + (t.rows() == 0 ? 0 : take / t.rows())
              + " + CASE WHEN row_number() OVER (ORDER BY hash(rowid, "
              + seed
              + ")) <= "
              + (t.rows() == 0 ? 0 : take % t.rows())
              + " THEN 1 ELSE 0 END AS copies__ FROM "
              + quote(t.name()),
          t.source());
      plans.add(
          "SELECT "
              + literal(t.source())
              + " AS source, r__ AS row, copies__ AS times FROM "
              + plan
              + " WHERE copies__ > 1");
      parts.add(
          "(SELECT s.*, "
              + literal(t.source())
              + " AS source__, unnest(range(p.copies__)) AS copy__ FROM (SELECT *, rowid AS r__"
              + " FROM "
              + quote(t.name())
              + ") s JOIN "
              + plan
              + " p USING (r__) WHERE p.copies__ > 0)");
    }
    try {
      Table mixed =
          engine.derive(
              next(),
              "SELECT * EXCLUDE (source__, r__, copy__) FROM ("
                  + String.join(" UNION ALL BY NAME ", parts)
                  + ") ORDER BY CASE WHEN copy__ = 0 THEN hash(source__, r__, "
                  + seed
                  + ") ELSE hash(source__, r__, copy__, "
                  + seed
                  + ") END",
              "mix");
      Table repeats =
          engine.derive(
              next(), String.join(" UNION ALL ", plans) + " ORDER BY source, row", "mix repeats");
      for (int i = 0; i < tables.size(); i++) {
        engine.execute("DROP TABLE mix_plan_" + i);
      }
      return new Mixed(mixed, repeats);
    } catch (DataException e) {
      throw new DataException(Kind.BAD_INPUT, "datasets cannot be mixed: " + e.getMessage());
    }
  }
}
