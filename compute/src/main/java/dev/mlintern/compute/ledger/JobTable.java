package dev.mlintern.compute.ledger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.JobException;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.MetricPoint;
import dev.mlintern.compute.MetricsProtocol;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code jobs} and {@code metrics} tables: a job is inserted before it starts and updated as it
 * runs.
 */
public final class JobTable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final LedgerDb db;

  public JobTable(LedgerDb db) {
    this.db = db;
  }

  public void insert(JobRecord job, String specJson) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO jobs (id, executor, native_id, session_id, detached, command, output_dir, state, submitted_at,"
                      + " labels, estimated_usd, spec) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
            s.setString(1, job.id());
            s.setString(2, job.executor());
            s.setString(3, job.nativeId());
            s.setString(4, job.sessionId());
            s.setInt(5, job.detached() ? 1 : 0);
            s.setString(6, job.command());
            s.setString(7, job.outputDir().toString());
            s.setString(8, job.state().name());
            s.setString(9, job.submittedAt().toString());
            s.setString(10, json(job.labels()));
            s.setDouble(11, job.estimatedUsd());
            s.setString(12, specJson);
            s.executeUpdate();
          }
          return null;
        });
  }

  public void setNativeId(String id, String nativeId) {
    update("UPDATE jobs SET native_id = ? WHERE id = ?", nativeId, id);
  }

  public void setDetached(String id, boolean detached) {
    update("UPDATE jobs SET detached = ? WHERE id = ?", detached ? "1" : "0", id);
  }

  /** Updates a job that has not ended yet; a recorded job keeps its final state. */
  public void setState(
      String id, JobState state, Integer exitCode, String message, Instant endedAt) {
    db.transaction(c -> writeState(c, id, state, exitCode, message, endedAt, false));
  }

  /**
   * Sets a not-yet-recorded job's state (and marks it recorded when asked); returns the rows
   * changed, 0 or 1.
   */
  static int writeState(
      Connection c,
      String id,
      JobState state,
      Integer exitCode,
      String message,
      Instant endedAt,
      boolean record)
      throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "UPDATE jobs SET state = ?, exit_code = ?, message = ?, ended_at = ?"
                + (record ? ", recorded = 1" : "")
                + " WHERE id = ? AND recorded = 0")) {
      s.setString(1, state.name());
      if (exitCode == null) {
        s.setNull(2, Types.INTEGER);
      } else {
        s.setInt(2, exitCode);
      }
      s.setString(3, message);
      s.setString(4, endedAt == null ? null : endedAt.toString());
      s.setString(5, id);
      return s.executeUpdate();
    }
  }

  public Optional<JobRecord> get(String id) {
    List<JobRecord> found = query("SELECT * FROM jobs WHERE id = ?", id);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  public JobRecord require(String id) {
    return get(id).orElseThrow(() -> new JobException(JobException.Kind.NOT_FOUND, "no job " + id));
  }

  /** Newest first; {@code sessionId} null lists every job. */
  public List<JobRecord> list(String sessionId, int limit) {
    return sessionId == null
        ? query("SELECT * FROM jobs ORDER BY submitted_at DESC LIMIT " + limit)
        : query(
            "SELECT * FROM jobs WHERE session_id = ? ORDER BY submitted_at DESC LIMIT " + limit,
            sessionId);
  }

  public List<JobRecord> unfinished() {
    return query("SELECT * FROM jobs WHERE recorded = 0 ORDER BY submitted_at");
  }

  /**
   * Stores metric lines read up to {@code newOffset}; guarded by the old offset so a line is never
   * stored twice.
   */
  public boolean ingest(String id, long oldOffset, long newOffset, List<MetricPoint> points) {
    return db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement(
                  "UPDATE jobs SET log_offset = ? WHERE id = ? AND log_offset = ?")) {
            s.setLong(1, newOffset);
            s.setString(2, id);
            s.setLong(3, oldOffset);
            if (s.executeUpdate() == 0) {
              return false;
            }
          }
          long seq = nextSeq(c, id);
          try (PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO metrics (job_id, seq, name, value, value_text, step, split) VALUES (?,?,?,?,?,?,?)")) {
            for (MetricPoint p : points) {
              s.setString(1, id);
              s.setLong(2, seq++);
              s.setString(3, p.name());
              if (p.finite()) {
                s.setDouble(4, p.value());
              } else {
                s.setNull(4, Types.REAL);
              }
              s.setString(5, p.finite() ? null : p.jsonValue().asText());
              if (p.step() == null) {
                s.setNull(6, Types.INTEGER);
              } else {
                s.setLong(6, p.step());
              }
              s.setString(7, p.split());
              s.addBatch();
            }
            s.executeBatch();
          }
          return true;
        });
  }

  public List<MetricPoint> metrics(String id) {
    return db.read(
        c -> {
          List<MetricPoint> points = new ArrayList<>();
          try (PreparedStatement s =
              c.prepareStatement(
                  "SELECT name, value, value_text, step, split FROM metrics WHERE job_id = ? ORDER BY seq")) {
            s.setString(1, id);
            try (ResultSet r = s.executeQuery()) {
              while (r.next()) {
                double v =
                    r.getString(3) != null
                        ? MetricsProtocol.number(JSON.getNodeFactory().textNode(r.getString(3)))
                        : r.getDouble(2);
                long step = r.getLong(4);
                Long stepValue = r.wasNull() ? null : step;
                points.add(new MetricPoint(r.getString(1), v, stepValue, r.getString(5)));
              }
            }
          }
          return points;
        });
  }

  private static long nextSeq(Connection c, String id) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT COALESCE(MAX(seq), -1) + 1 FROM metrics WHERE job_id = ?")) {
      s.setString(1, id);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? r.getLong(1) : 0;
      }
    }
  }

  private void update(String sql, String a, String b) {
    db.transaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, a);
            s.setString(2, b);
            return s.executeUpdate();
          }
        });
  }

  private List<JobRecord> query(String sql, String... args) {
    return db.query(sql, JobTable::row, args);
  }

  private static JobRecord row(ResultSet r) throws SQLException {
    int exit = r.getInt("exit_code");
    Integer exitCode = r.wasNull() ? null : exit;
    String ended = r.getString("ended_at");
    return new JobRecord(
        r.getString("id"),
        r.getString("executor"),
        r.getString("native_id"),
        r.getString("session_id"),
        r.getInt("detached") == 1,
        r.getString("command"),
        Path.of(r.getString("output_dir")),
        JobState.valueOf(r.getString("state")),
        exitCode,
        r.getString("message"),
        Instant.parse(r.getString("submitted_at")),
        ended == null ? null : Instant.parse(ended),
        labels(r.getString("labels")),
        r.getLong("log_offset"),
        r.getInt("recorded") == 1,
        r.getDouble("estimated_usd"),
        cost(r));
  }

  private static Double cost(ResultSet r) throws SQLException {
    double cost = r.getDouble("cost_usd");
    return r.wasNull() ? null : cost;
  }

  /** Stores the actual cost so far of a job that has not been recorded yet. */
  public void setCost(String id, double usd) {
    db.transaction(
        c -> {
          try (PreparedStatement s =
              c.prepareStatement("UPDATE jobs SET cost_usd = ? WHERE id = ? AND recorded = 0")) {
            s.setDouble(1, usd);
            s.setString(2, id);
            return s.executeUpdate();
          }
        });
  }

  static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, String> labels(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, String>>() {});
    } catch (Exception e) {
      return Map.of();
    }
  }
}
