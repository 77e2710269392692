package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.DataEngine.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.data.engine.AuditReport.Finding;
import dev.mlintern.data.engine.AuditReport.Severity;
import dev.mlintern.data.engine.DataEngine.Column;
import dev.mlintern.data.engine.DataEngine.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Leakage signals: a feature that alone predicts the target almost perfectly, and identifier-like
 * columns a model could memorize. For a class target each feature is grouped by value (or by
 * quantile bin when it has many values) and scored by the share of rows its groups' majority
 * classes get right; high-cardinality text is skipped, since its groups are single rows. For a
 * numeric target the score is |Pearson r|. The declared id is never checked.
 */
final class LeakageCheck {
  static final double PURITY = 0.98;
  static final double CORRELATION = 0.99;
  static final int MAX_FEATURES = Profiler.DETAILED_COLUMNS;
  private static final int MAX_LEVELS = 50;
  private static final Pattern ID_NAME =
      Pattern.compile(
          "(?i)(^id$|_id$|^id_|uuid|guid|^index$|^idx$|^key$|row_?(num|number|id)$|^unnamed)");

  private final DataEngine engine;
  private final Table train;
  private final String id;
  private final String target;
  private final boolean classification;
  private final java.util.Map<String, Long> distinct = new java.util.HashMap<>();

  LeakageCheck(DataEngine engine, Table train, String id, String target, boolean classification) {
    this.engine = engine;
    this.train = train;
    this.id = id;
    this.target = target;
    this.classification = classification;
  }

  /** Distinct counts the profile already computed, so wide tables are not scanned twice. */
  LeakageCheck knowing(ObjectNode profile) {
    profile
        .path("column_stats")
        .forEach(c -> distinct.put(c.path("name").asText(), c.path("distinct").asLong()));
    return this;
  }

  List<Finding> targetLeaks() {
    List<Column> features =
        train.columns().stream()
            .filter(c -> !c.name().equals(id) && !c.name().equals(target))
            .limit(MAX_FEATURES)
            .toList();
    long labelled =
        engine.single(
            "SELECT count(*) FROM "
                + quote(train.name())
                + " WHERE "
                + quote(target)
                + " IS NOT NULL");
    if (labelled < 20) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    if (classification) {
      double baseline =
          engine.single(
                  "SELECT max(n) FROM (SELECT count(*) AS n FROM "
                      + quote(train.name())
                      + " WHERE "
                      + quote(target)
                      + " IS NOT NULL GROUP BY "
                      + quote(target)
                      + ")")
              / (double) labelled;
      if (baseline >= 0.9) {
        return List.of();
      }
      int bins = (int) Math.max(2, Math.min(20, labelled / 25));
      for (Column f : features) {
        double purity = purity(f, bins, labelled);
        if (purity >= PURITY) {
          out.add(
              leak(
                  f,
                  "predicts '"
                      + target
                      + "' for "
                      + Auditor.pct(purity)
                      + " of rows from its value alone (the "
                      + "commonest class covers "
                      + Auditor.pct(baseline)
                      + ")"));
        }
      }
    } else {
      for (Column f : features) {
        if (!f.numeric()) {
          continue;
        }
        double[] r = {0};
        engine.query(
            "SELECT coalesce(corr(CAST("
                + quote(f.name())
                + " AS DOUBLE), CAST("
                + quote(target)
                + " AS DOUBLE)), 0) FROM "
                + quote(train.name()),
            row -> r[0] = row.getDouble(1));
        if (Math.abs(r[0]) >= CORRELATION) {
          out.add(
              leak(
                  f,
                  "correlates with '"
                      + target
                      + "' at r = "
                      + String.format(Locale.ROOT, "%.4f", r[0])));
        }
      }
    }
    return out;
  }

  private Finding leak(Column f, String why) {
    List<JsonNode> examples = new ArrayList<>();
    engine.query(
        "SELECT "
            + (id == null ? "rowid + 1" : "CAST(" + quote(id) + " AS VARCHAR)")
            + ", CAST("
            + quote(f.name())
            + " AS VARCHAR), CAST("
            + quote(target)
            + " AS VARCHAR) FROM "
            + quote(train.name())
            + " LIMIT 3",
        r -> {
          ObjectNode e = Profiler.JSON.createObjectNode();
          e.put(id == null ? "row" : id, r.getString(1))
              .put(f.name(), r.getString(2))
              .put(target, r.getString(3));
          examples.add(e);
        });
    return new Finding(
        "leakage",
        Severity.BLOCK,
        "column '"
            + f.name()
            + "' "
            + why
            + "; it very likely encodes the "
            + "answer — drop it (transform with select) unless it is truly known at prediction time",
        List.of(f.name()),
        examples);
  }

  /**
   * Share of labelled rows the majority class of each feature value (or quantile bin) gets right.
   */
  private double purity(Column f, int bins, long labelled) {
    String c = quote(f.name());
    String t = quote(train.name());
    long levels = distinct.getOrDefault(f.name(), -1L);
    if (levels < 0) {
      levels = engine.single("SELECT count(DISTINCT " + c + ") FROM " + t);
    }
    String key;
    if (levels <= bins || (!f.numeric() && levels <= MAX_LEVELS)) {
      key = "coalesce(CAST(" + c + " AS VARCHAR), '<null>')";
    } else if (f.numeric()) {
      key =
          "CASE WHEN "
              + c
              + " IS NULL THEN -1 ELSE ntile("
              + bins
              + ") OVER (ORDER BY "
              + c
              + ") END";
    } else {
      return 0;
    }
    String sql =
        "SELECT sum(m) FROM (SELECT max(n) AS m FROM (SELECT k, y, count(*) AS n FROM (SELECT "
            + key
            + " AS k, "
            + quote(target)
            + " AS y FROM "
            + t
            + " WHERE "
            + quote(target)
            + " IS NOT NULL) GROUP BY k, y) GROUP BY k)";
    return engine.single(sql) / (double) labelled;
  }

  /** Columns whose every value is distinct and whose name or values look like a row identifier. */
  List<Finding> idLike(ObjectNode profile) {
    List<Finding> out = new ArrayList<>();
    long rows = profile.path("rows").asLong();
    if (rows < 20) {
      return out;
    }
    for (JsonNode c : profile.path("column_stats")) {
      String name = c.path("name").asText();
      if (name.equals(id) || name.equals(target) || c.path("distinct").asLong() < rows) {
        continue;
      }
      JsonNode numeric = c.path("numeric");
      boolean sequence =
          numeric.has("min")
              && Math.round(numeric.path("max").asDouble() - numeric.path("min").asDouble()) + 1
                  == rows
              && c.path("type").asText().matches("(?i).*INT.*");
      if (ID_NAME.matcher(name).find() || sequence) {
        out.add(
            new Finding(
                "leakage",
                Severity.WARN,
                "column '"
                    + name
                    + "' looks like a row identifier (every value distinct"
                    + (sequence ? ", a consecutive integer sequence" : "")
                    + "); drop it before training or declare it as the id",
                List.of(name),
                List.of()));
      }
    }
    return out;
  }
}
