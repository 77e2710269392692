package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.Auditor.pct;
import static dev.mlintern.data.engine.DataEngine.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.data.engine.AuditReport.Finding;
import dev.mlintern.data.engine.AuditReport.Severity;
import dev.mlintern.data.engine.DataEngine.Column;
import dev.mlintern.data.engine.DataEngine.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit's row-level checks: missing values, exact duplicates, train/test overlap,
 * near-duplicates, balance.
 */
final class Checks {
  private final DataEngine engine;
  private final Table train;
  private final String id;
  private final String target;

  Checks(DataEngine engine, Table train, String id, String target) {
    this.engine = engine;
    this.train = train;
    this.id = id;
    this.target = target;
  }

  /** How a row is named in examples: its declared id, else its 1-based row number. */
  private String rowKey(String alias) {
    return id == null ? alias + ".rowid + 1" : "CAST(" + alias + "." + quote(id) + " AS VARCHAR)";
  }

  private String rowLabel() {
    return id == null ? "rows" : id + " values";
  }

  List<Finding> missing(ObjectNode profile) {
    List<Finding> out = new ArrayList<>();
    List<String> some = new ArrayList<>();
    List<String> most = new ArrayList<>();
    for (JsonNode c : profile.path("column_stats")) {
      double share = c.path("missing_share").asDouble();
      String name = c.path("name").asText();
      if (name.equals(target) && c.path("missing").asLong() > 0) {
        out.add(
            new Finding(
                "missing",
                Severity.WARN,
                c.path("missing").asLong()
                    + " rows have no target '"
                    + target
                    + "'; drop them before training",
                List.of(name),
                List.of()));
      } else if (share > 0.5) {
        most.add(name);
      } else if (share > 0) {
        some.add(name + " (" + pct(share) + ")");
      }
    }
    if (!most.isEmpty()) {
      out.add(
          new Finding(
              "missing",
              Severity.WARN,
              "columns more than half empty: "
                  + String.join(", ", most)
                  + "; drop them or impute deliberately",
              most,
              List.of()));
    }
    if (!some.isEmpty()) {
      out.add(
          new Finding(
              "missing",
              Severity.INFO,
              "columns with missing values: "
                  + String.join(", ", some)
                  + "; impute or use a model that handles missing values",
              some.stream().map(s -> s.replaceAll(" \\(.*", "")).toList(),
              List.of()));
    }
    return out;
  }

  List<Finding> duplicates() {
    List<String> columns = features(train, true);
    if (columns.isEmpty() || train.rows() == 0) {
      return List.of();
    }
    String hash =
        "hash(" + String.join(", ", columns.stream().map(DataEngine::quote).toList()) + ")";
    String groups =
        "SELECT "
            + hash
            + " AS h, count(*) AS n, min(t.rowid) AS first, list("
            + rowKey("t")
            + " ORDER BY t.rowid)[1:5] AS keys FROM "
            + quote(train.name())
            + " t GROUP BY h HAVING count(*) > 1";
    long[] extra = {0};
    List<JsonNode> examples = new ArrayList<>();
    // one scan: the groups, the total of their extra copies, and the five biggest groups
    engine.query(
        "SELECT n, keys, sum(n - 1) OVER () FROM (" + groups + ") ORDER BY n DESC, first LIMIT 5",
        r -> {
          extra[0] = r.getLong(3);
          ObjectNode e = Profiler.JSON.createObjectNode().put("copies", r.getLong(1));
          ArrayNode keys = e.putArray(id == null ? "rows" : id);
          for (Object k : (Object[]) r.getArray(2).getArray()) {
            keys.add(String.valueOf(k));
          }
          examples.add(e);
        });
    if (extra[0] == 0) {
      return List.of();
    }
    double share = (double) extra[0] / train.rows();
    return List.of(
        new Finding(
            "duplicates",
            share > 0.01 ? Severity.WARN : Severity.INFO,
            extra[0]
                + " rows ("
                + pct(share)
                + ") repeat an earlier row exactly"
                + (id == null ? "" : " (ignoring " + id + ")")
                + "; drop them (transform with dedup) so they do not weigh twice",
            columns,
            examples));
  }

  /** Test rows whose features (id and target excluded) equal a training row's. */
  List<Finding> overlap(Table test) {
    List<String> shared =
        features(train, false).stream().filter(c -> test.column(c).isPresent()).toList();
    if (shared.isEmpty() || test.rows() == 0) {
      return List.of();
    }
    String trainKeys =
        "SELECT "
            + hashOf(train, shared, "t")
            + " AS h, min("
            + rowKey("t")
            + ") AS k FROM "
            + quote(train.name())
            + " t GROUP BY h";
    String testId =
        test.column(id == null ? "" : id).isPresent()
            ? "CAST(s." + quote(id) + " AS VARCHAR)"
            : "s.rowid + 1";
    String hits =
        "SELECT "
            + testId
            + " AS test_key, tr.k AS train_key FROM "
            + quote(test.name())
            + " s JOIN ("
            + trainKeys
            + ") tr ON "
            + hashOf(test, shared, "s")
            + " = tr.h";
    long overlapping = engine.single("SELECT count(*) FROM (" + hits + ")");
    if (overlapping == 0) {
      return List.of();
    }
    List<JsonNode> examples = new ArrayList<>();
    engine.query(
        hits + " ORDER BY 1 LIMIT 5",
        r ->
            examples.add(
                Profiler.JSON
                    .createObjectNode()
                    .put("test", r.getString(1))
                    .put("train", r.getString(2))));
    double share = (double) overlapping / test.rows();
    return List.of(
        new Finding(
            "train_test_overlap",
            share >= 0.5 ? Severity.BLOCK : Severity.WARN,
            overlapping
                + " test rows ("
                + pct(share)
                + ") are identical to a training row on every feature; scores on them measure "
                + "memory — drop them from training or report results with and without them",
            shared,
            examples));
  }

  List<Finding> nearDuplicates(MinHashLsh lsh, String text, double threshold) {
    MinHashLsh.Result r = lsh.within(train.name(), text);
    if (r.pairs() == 0) {
      return List.of();
    }
    double share = (double) r.rowsWithDuplicate() / Math.max(1, train.rows());
    return List.of(
        new Finding(
            "near_duplicates",
            share > 0.05 ? Severity.WARN : Severity.INFO,
            r.rowsWithDuplicate()
                + " rows ("
                + pct(share)
                + ") have a near-duplicate text earlier in the data (MinHash, Jaccard ≥ "
                + threshold
                + " over "
                + MinHashLsh.SHINGLE
                + "-word shingles); deduplicate before training",
            List.of(text),
            pairs(r, "duplicate_of", "row")));
  }

  List<Finding> nearOverlap(MinHashLsh lsh, Table test, String text, double threshold) {
    MinHashLsh.Result r = lsh.across(train.name(), text, test.name(), text);
    if (r.pairs() == 0) {
      return List.of();
    }
    double share = (double) r.rowsWithDuplicate() / Math.max(1, test.rows());
    return List.of(
        new Finding(
            "train_test_overlap",
            share >= 0.5 ? Severity.BLOCK : Severity.WARN,
            r.rowsWithDuplicate()
                + " test rows ("
                + pct(share)
                + ") have a near-identical text in training (Jaccard ≥ "
                + threshold
                + "); remove them from training or report scores without them",
            List.of(text),
            pairs(r, "train_row", "test_row")));
  }

  private static List<JsonNode> pairs(MinHashLsh.Result r, String first, String second) {
    List<JsonNode> out = new ArrayList<>();
    for (MinHashLsh.Pair p : r.examples()) {
      out.add(
          Profiler.JSON
              .createObjectNode()
              .put(second, p.second() + 1)
              .put(first, p.first() + 1)
              .put("jaccard", p.jaccard()));
    }
    return out;
  }

  List<Finding> imbalance(ObjectNode profile) {
    JsonNode classes = profile.path("label_balance").path("classes");
    if (classes.size() < 2) {
      return List.of();
    }
    JsonNode most = classes.get(0);
    JsonNode least = classes.get(classes.size() - 1);
    double ratio = least.path("count").asDouble() / most.path("count").asDouble();
    if (ratio >= 0.2) {
      return List.of();
    }
    List<JsonNode> examples = List.of(most, least);
    return List.of(
        new Finding(
            "imbalance",
            ratio < 0.1 ? Severity.WARN : Severity.INFO,
            "class '"
                + least.path("value").asText()
                + "' has "
                + least.path("count").asLong()
                + " rows against "
                + most.path("count").asLong()
                + " for '"
                + most.path("value").asText()
                + "' (ratio "
                + String.format(java.util.Locale.ROOT, "%.3f", ratio)
                + "); use a stratified split, class weights or resampling, and a metric that sees the rare class",
            List.of(target),
            examples));
  }

  /**
   * A row hash that treats 1 and 1.0 alike, since two files may infer different numeric types for a
   * column.
   */
  private static String hashOf(Table table, List<String> columns, String alias) {
    List<String> parts = new ArrayList<>();
    for (String c : columns) {
      boolean numeric = table.column(c).map(Column::numeric).orElse(false);
      parts.add("CAST(" + alias + "." + quote(c) + (numeric ? " AS DOUBLE)" : " AS VARCHAR)"));
    }
    return "hash(" + String.join(", ", parts) + ")";
  }

  /** Columns that describe a row: all but the id and, unless asked, the target. */
  private List<String> features(Table table, boolean withTarget) {
    return table.columns().stream()
        .map(Column::name)
        .filter(c -> !c.equals(id) && (withTarget || !c.equals(target)))
        .toList();
  }
}
