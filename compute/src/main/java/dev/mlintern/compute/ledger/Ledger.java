package dev.mlintern.compute.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.JobException;
import dev.mlintern.compute.JobState;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Experiments and their runs. The agent records what it tried so it never repeats itself and can
 * answer "what is the best so far" and "what changed between these two" from data rather than from
 * memory.
 */
public final class Ledger {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();
  private final LedgerDb db;
  private final Clock clock;

  public Ledger(LedgerDb db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** One experiment with its run count, for listings. */
  public record ExperimentSummary(String name, String goal, int runs, Instant createdAt) {}

  /** A value of one metric in one run, in the order runs were recorded. */
  public record HistoryPoint(String runId, Instant at, double value) {}

  public RunRecord record(RunRecord run) {
    return db.transaction(c -> insert(c, run));
  }

  /**
   * Marks a job finished and, when it belongs to an experiment, records its run — both exactly
   * once, however many processes race to do it. Returns true for the caller that recorded it.
   */
  public boolean finishJob(
      String jobId,
      JobState state,
      Integer exitCode,
      String message,
      Instant endedAt,
      RunRecord run) {
    return db.transaction(
        c -> {
          if (JobTable.writeState(c, jobId, state, exitCode, message, endedAt, true) == 0) {
            return false;
          }
          if (run != null) {
            insert(c, run);
          }
          return true;
        });
  }

  public void describe(String experiment, String goal) {
    db.transaction(
        c -> {
          String id = experimentId(c, experiment);
          try (PreparedStatement s =
              c.prepareStatement("UPDATE experiments SET goal = ? WHERE id = ?")) {
            s.setString(1, goal);
            s.setString(2, id);
            return s.executeUpdate();
          }
        });
  }

  /**
   * Renames an experiment, its runs with it; false when there is no experiment {@code from}.
   *
   * @throws JobException INVALID when {@code to} is blank or another experiment's name
   */
  public boolean rename(String from, String to) {
    if (to == null || to.isBlank()) {
      throw new JobException(JobException.Kind.INVALID, "an experiment needs a name");
    }
    return db.transaction(
        c -> {
          try (PreparedStatement taken =
              c.prepareStatement("SELECT 1 FROM experiments WHERE name = ?")) {
            taken.setString(1, to);
            try (ResultSet r = taken.executeQuery()) {
              if (r.next() && !to.equals(from)) {
                throw new JobException(
                    JobException.Kind.INVALID,
                    "an experiment is already called '" + to + "'; choose another name");
              }
            }
          }
          try (PreparedStatement s =
              c.prepareStatement("UPDATE experiments SET name = ? WHERE name = ?")) {
            s.setString(1, to);
            s.setString(2, from);
            return s.executeUpdate() == 1;
          }
        });
  }

  /** Replaces a run's notes (null clears them); false when there is no such run. */
  public boolean note(String runId, String notes) {
    return db.transaction(
        c -> {
          try (PreparedStatement s = c.prepareStatement("UPDATE runs SET notes = ? WHERE id = ?")) {
            s.setString(1, notes);
            s.setString(2, runId);
            return s.executeUpdate() == 1;
          }
        });
  }

  public List<ExperimentSummary> experiments() {
    return db.read(
        c -> {
          List<ExperimentSummary> out = new ArrayList<>();
          try (PreparedStatement s =
                  c.prepareStatement(
                      "SELECT e.name, e.goal, e.created_at, COUNT(r.id) FROM experiments e LEFT JOIN runs r ON r.experiment_id = e.id"
                          + " GROUP BY e.id ORDER BY e.created_at");
              ResultSet r = s.executeQuery()) {
            while (r.next()) {
              out.add(
                  new ExperimentSummary(
                      r.getString(1), r.getString(2), r.getInt(4), Instant.parse(r.getString(3))));
            }
          }
          return out;
        });
  }

  public List<RunRecord> runs(String experiment) {
    return select("WHERE e.name = ? ORDER BY r.created_at, r.rowid", experiment);
  }

  public Optional<RunRecord> run(String runId) {
    List<RunRecord> found = select("WHERE r.id = ? OR r.job_id = ?", runId, runId);
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  public RunRecord requireRun(String runId) {
    return run(runId)
        .orElseThrow(() -> new JobException(JobException.Kind.NOT_FOUND, "no run " + runId));
  }

  /**
   * The run with the best finite value of {@code metric}; failed runs and runs without it never
   * win.
   */
  public Optional<RunRecord> best(String experiment, String metric, boolean higherIsBetter) {
    Comparator<RunRecord> order = Comparator.comparingDouble(r -> r.metric(metric));
    return runs(experiment).stream()
        .filter(
            r ->
                "ok".equals(r.status())
                    && r.metric(metric) != null
                    && Double.isFinite(r.metric(metric)))
        .max(higherIsBetter ? order : order.reversed());
  }

  public List<HistoryPoint> history(String experiment, String metric) {
    List<HistoryPoint> points = new ArrayList<>();
    for (RunRecord run : runs(experiment)) {
      Double value = run.metric(metric);
      if (value != null) {
        points.add(new HistoryPoint(run.id(), run.createdAt(), value));
      }
    }
    return points;
  }

  private RunRecord insert(Connection c, RunRecord run) throws SQLException {
    String id = run.id() != null ? run.id() : "r-" + HexFormat.of().formatHex(randomBytes());
    Instant at = run.createdAt() != null ? run.createdAt() : clock.instant();
    try (PreparedStatement s =
        c.prepareStatement(
            "INSERT INTO runs (id, experiment_id, job_id, parent_run, config, code_hash, data_hash, seed, executor, cost_usd,"
                + " status, metrics, artifacts, notes, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
      s.setString(1, id);
      s.setString(2, experimentId(c, run.experiment()));
      s.setString(3, run.jobId());
      s.setString(4, run.parentRun());
      s.setString(5, run.config() == null ? null : run.config().toString());
      s.setString(6, run.codeHash());
      s.setString(7, run.dataHash());
      if (run.seed() == null) {
        s.setNull(8, Types.INTEGER);
      } else {
        s.setLong(8, run.seed());
      }
      s.setString(9, run.executor());
      if (run.costUsd() == null) {
        s.setNull(10, Types.REAL);
      } else {
        s.setDouble(10, run.costUsd());
      }
      s.setString(11, run.status());
      s.setString(12, run.metrics().toString());
      s.setString(13, run.artifacts().toString());
      s.setString(14, run.notes());
      s.setString(15, at.toString());
      s.executeUpdate();
    }
    return new RunRecord(
        id,
        run.experiment(),
        run.jobId(),
        run.parentRun(),
        run.config(),
        run.codeHash(),
        run.dataHash(),
        run.seed(),
        run.executor(),
        run.costUsd(),
        run.status(),
        run.metrics(),
        run.artifacts(),
        run.notes(),
        at);
  }

  private String experimentId(Connection c, String name) throws SQLException {
    if (name == null || name.isBlank()) {
      throw new JobException(JobException.Kind.INVALID, "a run needs an experiment name");
    }
    try (PreparedStatement s = c.prepareStatement("SELECT id FROM experiments WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          return r.getString(1);
        }
      }
    }
    String id = "e-" + HexFormat.of().formatHex(randomBytes());
    try (PreparedStatement s =
        c.prepareStatement("INSERT INTO experiments (id, name, created_at) VALUES (?,?,?)")) {
      s.setString(1, id);
      s.setString(2, name);
      s.setString(3, clock.instant().toString());
      s.executeUpdate();
    }
    return id;
  }

  private List<RunRecord> select(String where, String... args) {
    return db.query(
        "SELECT r.*, e.name AS experiment FROM runs r JOIN experiments e ON e.id = r.experiment_id "
            + where,
        Ledger::row,
        args);
  }

  private static RunRecord row(ResultSet r) throws SQLException {
    long seed = r.getLong("seed");
    Long seedValue = r.wasNull() ? null : seed;
    double cost = r.getDouble("cost_usd");
    Double costValue = r.wasNull() ? null : cost;
    return new RunRecord(
        r.getString("id"),
        r.getString("experiment"),
        r.getString("job_id"),
        r.getString("parent_run"),
        tree(r.getString("config")),
        r.getString("code_hash"),
        r.getString("data_hash"),
        seedValue,
        r.getString("executor"),
        costValue,
        r.getString("status"),
        tree(r.getString("metrics")),
        tree(r.getString("artifacts")),
        r.getString("notes"),
        Instant.parse(r.getString("created_at")));
  }

  private static JsonNode tree(String json) {
    try {
      return json == null ? null : JSON.readTree(json);
    } catch (Exception e) {
      return null;
    }
  }

  private static byte[] randomBytes() {
    byte[] bytes = new byte[6];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
