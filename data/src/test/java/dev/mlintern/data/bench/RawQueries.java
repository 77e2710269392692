package dev.mlintern.data.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The benchmark's raw-DuckDB column: the SQL stages as one hand-written query each, straight over
 * the JSONL file, on a plain connection with the engine's memory and thread settings. What the
 * engine's profile and dedup stages are measured against.
 */
final class RawQueries {
  private RawQueries() {}

  /** Name → one SQL statement over {@code file}. */
  static Map<String, String> over(Path file) {
    String scan =
        "read_json('" + file.toString().replace("'", "''") + "', format = 'newline_delimited')";
    Map<String, String> queries = new LinkedHashMap<>();
    // the query quoted in issue 20: a light profile
    queries.put(
        "profile_light",
        "SELECT count(*), count(id), count(text), count(label), count(DISTINCT label),"
            + " min(length(text)), avg(length(text)), max(length(text)),"
            + " approx_count_distinct(text) FROM "
            + scan);
    // every statistic the engine's profile reports, the file read once
    queries.put(
        "profile_same",
        "WITH t AS MATERIALIZED (SELECT * FROM "
            + scan
            + "), s AS (SELECT count(*) AS n, count(id) AS ni, approx_count_distinct(id) AS di,"
            + " min(id) AS lo, max(id) AS hi, avg(id), stddev_samp(id),"
            + " quantile_cont(id, [0.25, 0.5, 0.75]), count(text), approx_count_distinct(text),"
            + " min(length(text)), avg(length(text)), quantile_cont(length(text), [0.5, 0.95]),"
            + " max(length(text)), count(label), approx_count_distinct(label),"
            + " count(DISTINCT label), min(length(label)), avg(length(label)),"
            + " quantile_cont(length(label), [0.5, 0.95]), max(length(label)) FROM t)"
            + " SELECT s.*,"
            + " (SELECT list(c ORDER BY bin) FROM (SELECT least(9, CAST(floor((id - s.lo) * 10.0"
            + " / (s.hi - s.lo)) AS INTEGER)) AS bin, count(*) AS c FROM t GROUP BY 1)),"
            + " (SELECT list(text) FROM (SELECT text, count(*) AS c FROM t WHERE text IS NOT NULL"
            + " GROUP BY 1 ORDER BY c DESC, 1 LIMIT 5)),"
            + " (SELECT list(label) FROM (SELECT label, count(*) AS c FROM t WHERE label IS NOT"
            + " NULL GROUP BY 1 ORDER BY c DESC, 1 LIMIT 50)) FROM s");
    // the query quoted in issue 20: distinct normalized texts
    queries.put("dedup_light", "SELECT count(DISTINCT hash(lower(trim(text)))) FROM " + scan);
    // the engine's dedup: rows whose (text, label) repeats an earlier row
    queries.put("dedup_same", "SELECT count(*) - count(DISTINCT (text, label)) FROM " + scan);
    return queries;
  }

  /** Runs each query on a fresh connection; the result's first column, per query. */
  static void run(Path file, String memory, int threads, Stage stage) throws SQLException {
    for (Map.Entry<String, String> q : over(file).entrySet()) {
      Properties props = new Properties();
      props.setProperty("jdbc_stream_results", "true");
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:", props);
          Statement s = c.createStatement()) {
        s.execute("SET memory_limit = '" + memory + "'");
        s.execute("SET threads = " + threads);
        s.execute("SET preserve_insertion_order = true");
        s.execute("SET enable_progress_bar = false");
        stage.start();
        try (ResultSet r = s.executeQuery(q.getValue())) {
          r.next();
          stage.done(q.getKey(), r.getLong(1));
        }
      }
    }
  }

  /** How the bench times each query. */
  interface Stage {
    void start();

    void done(String name, long firstColumn);
  }
}
