package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.DataEngine.quote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.data.engine.DataEngine.Column;
import dev.mlintern.data.engine.DataEngine.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes a loaded table: rows, schema, and per column its type, missing share, distinct count,
 * top values, numeric summary with a histogram, text-length distribution, and the label balance of
 * the target. Wide tables get the full treatment for their first {@value #DETAILED_COLUMNS} columns
 * and the schema for the rest, so the profile stays a readable size whatever the input.
 */
public final class Profiler {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int DETAILED_COLUMNS = 200;
  private static final int TOP = 5;
  private static final int BINS = 10;

  private final DataEngine engine;

  public Profiler(DataEngine engine) {
    this.engine = engine;
  }

  public ObjectNode profile(Table table, String target) {
    ObjectNode out = JSON.createObjectNode();
    out.put("source", table.source());
    out.put("rows", table.rows());
    out.put("columns", table.columns().size());
    ArrayNode stats = out.putArray("column_stats");
    List<Column> detailed =
        table.columns().subList(0, Math.min(DETAILED_COLUMNS, table.columns().size()));
    if (detailed.size() < table.columns().size()) {
      out.put(
          "note",
          "detailed statistics cover the first "
              + DETAILED_COLUMNS
              + " of "
              + table.columns().size()
              + " columns");
      ArrayNode rest = out.putArray("other_columns");
      table
          .columns()
          .subList(DETAILED_COLUMNS, table.columns().size())
          .forEach(c -> rest.addObject().put("name", c.name()).put("type", c.type()));
    }
    for (int from = 0; from < detailed.size(); from += perQuery(table.rows())) {
      List<Column> group =
          detailed.subList(from, Math.min(detailed.size(), from + perQuery(table.rows())));
      List<Summary> summaries = summaries(table, group);
      for (int i = 0; i < group.size(); i++) {
        stats.add(column(table, group.get(i), summaries.get(i)));
      }
    }
    if (target != null && table.column(target).isPresent()) {
      out.set("label_balance", balance(table, target));
    }
    return out;
  }

  /**
   * Columns summarized per query: one scan computes every column's counts and distributions, but
   * each exact quantile holds its column's values, so a query covers about eight million values.
   */
  private static int perQuery(long rows) {
    return (int) Math.max(1, Math.min(DETAILED_COLUMNS, 8_000_000 / Math.max(1, rows)));
  }

  /** One column's scalar statistics, read from the shared query in the order it selects them. */
  private record Summary(long present, long distinct, double[] values) {}

  /**
   * Missing and distinct counts of every column in {@code group}, with the text-length or numeric
   * distribution where one applies, from a single scan.
   */
  private List<Summary> summaries(Table table, List<Column> group) {
    List<String> select = new ArrayList<>();
    List<Integer> widths = new ArrayList<>();
    for (Column column : group) {
      String c = quote(column.name());
      List<String> parts = new ArrayList<>();
      parts.add("count(" + c + ")");
      parts.add(
          table.rows() > 200_000
              ? "approx_count_distinct(" + c + ")"
              : "count(DISTINCT " + c + ")");
      if (column.numeric()) {
        String x = "CAST(" + c + " AS DOUBLE)";
        for (String f :
            List.of(
                "min(%s)",
                "max(%s)",
                "avg(%s)",
                "stddev_samp(%s)",
                "quantile_cont(%s, 0.25)",
                "quantile_cont(%s, 0.5)",
                "quantile_cont(%s, 0.75)",
                "count(%s)")) {
          parts.add(String.format(f, x));
        }
      } else if (column.text()) {
        String length = "length(" + c + ")";
        for (String f :
            List.of(
                "min(%s)",
                "avg(%s)", "quantile_cont(%s, 0.5)", "quantile_cont(%s, 0.95)", "max(%s)")) {
          parts.add(String.format(f, length));
        }
      }
      select.addAll(parts);
      widths.add(parts.size());
    }
    List<Summary> out = new ArrayList<>();
    engine.query(
        "SELECT " + String.join(", ", select) + " FROM " + quote(table.name()),
        r -> {
          int at = 1;
          for (int width : widths) {
            double[] values = new double[width - 2];
            for (int k = 0; k < values.length; k++) {
              values[k] = r.getDouble(at + 2 + k);
            }
            out.add(new Summary(r.getLong(at), r.getLong(at + 1), values));
            at += width;
          }
        });
    return out;
  }

  private ObjectNode column(Table table, Column column, Summary summary) {
    String c = quote(column.name());
    String t = quote(table.name());
    ObjectNode node = JSON.createObjectNode();
    node.put("name", column.name());
    node.put("type", column.type());
    long missing = table.rows() - summary.present();
    node.put("missing", missing);
    node.put("missing_share", share(missing, table.rows()));
    node.put("distinct", summary.distinct());
    if (column.numeric()) {
      numeric(t, c, node, summary.values());
    } else {
      ArrayNode top = node.putArray("top");
      engine.query(
          "SELECT CAST("
              + c
              + " AS VARCHAR), count(*) AS n FROM "
              + t
              + " WHERE "
              + c
              + " IS NOT NULL GROUP BY 1 "
              + "ORDER BY n DESC, 1 LIMIT "
              + TOP,
          r -> top.addObject().put("value", clip(r.getString(1))).put("count", r.getLong(2)));
      if (column.text()) {
        double[] v = summary.values();
        ObjectNode lengths = node.putObject("text_length");
        lengths.put("min", (long) v[0]);
        lengths.put("mean", round(v[1]));
        lengths.put("p50", round(v[2]));
        lengths.put("p95", round(v[3]));
        lengths.put("max", (long) v[4]);
      }
    }
    return node;
  }

  private void numeric(String t, String c, ObjectNode node, double[] v) {
    String x = "CAST(" + c + " AS DOUBLE)";
    double[] range = new double[2];
    boolean any = v[7] > 0;
    if (any) {
      ObjectNode summary = node.putObject("numeric");
      range[0] = v[0];
      range[1] = v[1];
      summary.put("min", range[0]);
      summary.put("max", range[1]);
      summary.put("mean", round(v[2]));
      summary.put("std", round(v[3]));
      summary.put("q25", v[4]);
      summary.put("median", v[5]);
      summary.put("q75", v[6]);
    }
    if (!any || !(range[1] > range[0]) || !Double.isFinite(range[1] - range[0])) {
      return;
    }
    double width = (range[1] - range[0]) / BINS;
    long[] counts = new long[BINS];
    engine.query(
        "SELECT least("
            + (BINS - 1)
            + ", CAST(floor(("
            + x
            + " - "
            + range[0]
            + ") / "
            + width
            + ") AS INTEGER)) AS bin, "
            + "count(*) FROM "
            + t
            + " WHERE "
            + x
            + " IS NOT NULL AND isfinite("
            + x
            + ") GROUP BY 1",
        r -> counts[Math.max(0, Math.min(BINS - 1, r.getInt(1)))] += r.getLong(2));
    ObjectNode histogram = ((ObjectNode) node.get("numeric")).putObject("histogram");
    ArrayNode edges = histogram.putArray("edges");
    for (int i = 0; i <= BINS; i++) {
      edges.add(round(range[0] + i * width));
    }
    ArrayNode values = histogram.putArray("counts");
    for (long count : counts) {
      values.add(count);
    }
  }

  ObjectNode balance(Table table, String target) {
    ObjectNode node = JSON.createObjectNode();
    node.put("column", target);
    ArrayNode classes = node.putArray("classes");
    long[] total = {0};
    engine.query(
        "SELECT count("
            + quote(target)
            + "), count(DISTINCT "
            + quote(target)
            + ") FROM "
            + quote(table.name()),
        r -> {
          total[0] = r.getLong(1);
          node.put("distinct", r.getLong(2));
        });
    engine.query(
        "SELECT CAST("
            + quote(target)
            + " AS VARCHAR), count(*) AS n FROM "
            + quote(table.name())
            + " WHERE "
            + quote(target)
            + " IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT 50",
        r ->
            classes
                .addObject()
                .put("value", clip(r.getString(1)))
                .put("count", r.getLong(2))
                .put("share", share(r.getLong(2), total[0])));
    return node;
  }

  static double share(long part, long whole) {
    return whole == 0 ? 0 : Math.round(10000.0 * part / whole) / 10000.0;
  }

  static double round(double v) {
    return Double.isFinite(v) ? Math.round(v * 10000) / 10000.0 : 0;
  }

  static String clip(String s) {
    return s == null ? null : s.length() > 80 ? s.substring(0, 80) + "…" : s;
  }
}
