package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.DataEngine.quote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.data.engine.DataEngine.Column;
import dev.mlintern.data.engine.DataEngine.Table;
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
    for (Column column : detailed) {
      stats.add(column(table, column));
    }
    if (target != null && table.column(target).isPresent()) {
      out.set("label_balance", balance(table, target));
    }
    return out;
  }

  private ObjectNode column(Table table, Column column) {
    String c = quote(column.name());
    String t = quote(table.name());
    ObjectNode node = JSON.createObjectNode();
    node.put("name", column.name());
    node.put("type", column.type());
    String distinct =
        table.rows() > 200_000 ? "approx_count_distinct(" + c + ")" : "count(DISTINCT " + c + ")";
    engine.query(
        "SELECT count(*) - count(" + c + "), " + distinct + " FROM " + t,
        r -> {
          node.put("missing", r.getLong(1));
          node.put("missing_share", share(r.getLong(1), table.rows()));
          node.put("distinct", r.getLong(2));
        });
    if (column.numeric()) {
      numeric(t, c, node);
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
        engine.query(
            "SELECT min(length("
                + c
                + ")), avg(length("
                + c
                + ")), quantile_cont(length("
                + c
                + "), 0.5), "
                + "quantile_cont(length("
                + c
                + "), 0.95), max(length("
                + c
                + ")) FROM "
                + t,
            r -> {
              ObjectNode lengths = node.putObject("text_length");
              lengths.put("min", r.getLong(1));
              lengths.put("mean", round(r.getDouble(2)));
              lengths.put("p50", round(r.getDouble(3)));
              lengths.put("p95", round(r.getDouble(4)));
              lengths.put("max", r.getLong(5));
            });
      }
    }
    return node;
  }

  private void numeric(String t, String c, ObjectNode node) {
    String x = "CAST(" + c + " AS DOUBLE)";
    double[] range = new double[2];
    boolean[] any = {false};
    engine.query(
        "SELECT min("
            + x
            + "), max("
            + x
            + "), avg("
            + x
            + "), stddev_samp("
            + x
            + "), quantile_cont("
            + x
            + ", 0.25), quantile_cont("
            + x
            + ", 0.5), quantile_cont("
            + x
            + ", 0.75), count("
            + x
            + ") FROM "
            + t,
        r -> {
          if (r.getLong(8) == 0) {
            return;
          }
          any[0] = true;
          ObjectNode summary = node.putObject("numeric");
          range[0] = r.getDouble(1);
          range[1] = r.getDouble(2);
          summary.put("min", range[0]);
          summary.put("max", range[1]);
          summary.put("mean", round(r.getDouble(3)));
          summary.put("std", round(r.getDouble(4)));
          summary.put("q25", r.getDouble(5));
          summary.put("median", r.getDouble(6));
          summary.put("q75", r.getDouble(7));
        });
    if (!any[0] || !(range[1] > range[0]) || !Double.isFinite(range[1] - range[0])) {
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
        "SELECT count(*) FROM " + quote(table.name()) + " WHERE " + quote(target) + " IS NOT NULL",
        r -> total[0] = r.getLong(1));
    long distinct =
        engine.single("SELECT count(DISTINCT " + quote(target) + ") FROM " + quote(table.name()));
    node.put("distinct", distinct);
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
