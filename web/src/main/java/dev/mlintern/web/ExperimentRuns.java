package dev.mlintern.web;

import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.MetricPoint;
import dev.mlintern.compute.ledger.JobTable;
import dev.mlintern.compute.ledger.Ledger;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.compute.ledger.RunName;
import dev.mlintern.compute.ledger.RunRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An experiment's runs as its page reads them from compute's ledger: a page at a time, filtered
 * ({@link RunFilter}) and sorted by any metric or parameter in SQL, so an experiment of 10,000 runs
 * costs one indexed query per screen. The columns are found from the latest {@value #SAMPLE} runs:
 * every metric, and the config values that differ between runs (parameters), at most {@value
 * #MAX_COLUMNS} of each. {@link #none()} is the view of a server without a ledger: empty.
 */
final class ExperimentRuns {
  static final int SAMPLE = 500;
  static final int MAX_COLUMNS = 8;

  /** An experiment with its ledger id and runs count. */
  record Experiment(String id, String name, String goal, int runs, Instant createdAt) {}

  /** A metric or parameter column: {@code label} as shown, {@code path} into its JSON. */
  record Column(boolean metric, String label, String path) {
    String key() {
      return (metric ? "metric:" : "param:") + label;
    }
  }

  /** A run with the command of its job (empty when it had none) and its readable name. */
  record Run(RunRecord record, String command) {
    String name() {
      return RunName.of(record.id(), record.config(), command);
    }
  }

  /** How a page is ordered: by a column, or by creation time when {@code column} is null. */
  record Sort(Column column, boolean descending) {}

  private final LedgerDb db;
  private final Ledger ledger;
  private final JobTable jobs;

  private ExperimentRuns(LedgerDb db) {
    this.db = db;
    this.ledger = db == null ? null : new Ledger(db, Clock.systemUTC());
    this.jobs = db == null ? null : new JobTable(db);
  }

  static ExperimentRuns over(LedgerDb db) {
    return new ExperimentRuns(db);
  }

  static ExperimentRuns none() {
    return new ExperimentRuns(null);
  }

  Optional<Experiment> experiment(String name) {
    if (db == null) {
      return Optional.empty();
    }
    List<Experiment> found =
        db.query(
            "SELECT e.id, e.name, e.goal, e.created_at,"
                + " (SELECT COUNT(*) FROM runs r WHERE r.experiment_id = e.id)"
                + " FROM experiments e WHERE e.name = ?",
            r ->
                new Experiment(
                    r.getString(1),
                    r.getString(2),
                    r.getString(3),
                    r.getInt(5),
                    Instant.parse(r.getString(4))),
            name);
    return found.stream().findFirst();
  }

  /** Every metric of the sampled runs, most reported first. */
  List<Column> metrics(Experiment e) {
    return db.query(
        "SELECT j.key FROM (SELECT metrics FROM runs WHERE experiment_id = ?"
            + " ORDER BY created_at DESC LIMIT "
            + SAMPLE
            + ") r, json_each(r.metrics) j WHERE j.key NOT LIKE '%\"%'"
            + " GROUP BY j.key ORDER BY COUNT(*) DESC, j.key LIMIT "
            + MAX_COLUMNS,
        r -> new Column(true, r.getString(1), "$.\"" + r.getString(1) + "\""),
        e.id());
  }

  /**
   * Config values that differ between the sampled runs (SQLite's paths quote keys such as {@code
   * "learning_rate"}; their labels do not); a text value that differs in every run (a path, an id)
   * is left out. Model parameters first.
   */
  List<Column> params(Experiment e) {
    return db.query(
        "SELECT j.fullkey, COUNT(DISTINCT j.atom) AS n, COUNT(*) AS total,"
            + " MAX(j.type IN ('integer', 'real')) AS numeric"
            + " FROM (SELECT config FROM runs WHERE experiment_id = ? AND config IS NOT NULL"
            + " ORDER BY created_at DESC LIMIT "
            + SAMPLE
            + ") r, json_tree(r.config) j"
            + " WHERE j.atom IS NOT NULL AND j.fullkey NOT LIKE '%[%'"
            + " GROUP BY j.fullkey HAVING n > 1 AND (numeric OR n < total OR total <= 3)"
            + " ORDER BY j.fullkey NOT LIKE '$.params.%', j.fullkey LIMIT "
            + MAX_COLUMNS,
        r -> new Column(false, r.getString(1).substring(2).replace("\"", ""), r.getString(1)),
        e.id());
  }

  /**
   * The best value of the experiment's objective metric ({@link BestMetric#objective}) over its
   * runs, found in SQL so that a list of large experiments stays fast.
   */
  Optional<BestMetric> best(Experiment e) {
    List<String> names = metrics(e).stream().map(Column::label).toList();
    if (names.isEmpty()) {
      return Optional.empty();
    }
    String name = BestMetric.objective(names);
    String path = "$.\"" + name + "\"";
    List<BestMetric> found =
        db.query(
            "SELECT r.id, json_extract(r.metrics, ?) AS v FROM runs r WHERE r.experiment_id = ?"
                + " AND json_type(r.metrics, ?) IN ('integer', 'real') ORDER BY v "
                + (BestMetric.lowerIsBetter(name) ? "ASC" : "DESC")
                + " LIMIT 1",
            r -> new BestMetric(name, r.getDouble(2), r.getString(1)),
            path,
            e.id(),
            path);
    return found.stream().findFirst();
  }

  int count(Experiment e, RunFilter.Sql filter) {
    return db.read(
        c -> {
          try (PreparedStatement s =
              statement(
                  c,
                  "SELECT COUNT(*) FROM runs r WHERE r.experiment_id = ? AND " + filter.where(),
                  e.id(),
                  filter.args())) {
            try (ResultSet r = s.executeQuery()) {
              return r.next() ? r.getInt(1) : 0;
            }
          }
        });
  }

  List<Run> page(Experiment e, RunFilter.Sql filter, Sort sort, int offset, int limit) {
    List<Object> args = new ArrayList<>(filter.args());
    String order = "r.created_at DESC, r.rowid DESC";
    if (sort.column() != null) {
      String json = sort.column().metric() ? "r.metrics" : "r.config";
      order =
          "(CASE WHEN json_type("
              + json
              + (sort.column().metric()
                  ? ", ?) IN ('integer', 'real') THEN json_extract("
                  : ", ?) IN ('integer', 'real', 'text', 'true', 'false') THEN json_extract(")
              + json
              + ", ?) END) "
              + (sort.descending() ? "DESC" : "ASC")
              + " NULLS LAST, "
              + order;
      args.add(sort.column().path());
      args.add(sort.column().path());
    }
    String sql =
        "SELECT r.id FROM runs r WHERE r.experiment_id = ? AND "
            + filter.where()
            + " ORDER BY "
            + order
            + " LIMIT "
            + limit
            + " OFFSET "
            + offset;
    List<String> ids =
        db.read(
            c -> {
              List<String> out = new ArrayList<>();
              try (PreparedStatement s = statement(c, sql, e.id(), args);
                  ResultSet r = s.executeQuery()) {
                while (r.next()) {
                  out.add(r.getString(1));
                }
              }
              return out;
            });
    return ids.stream().map(id -> run(id).orElseThrow()).toList();
  }

  /** A run by its id or its job's id. */
  Optional<Run> run(String id) {
    if (ledger == null) {
      return Optional.empty();
    }
    return ledger
        .run(id)
        .map(
            r ->
                new Run(
                    r,
                    r.jobId() == null
                        ? ""
                        : jobs.get(r.jobId()).map(JobRecord::command).orElse("")));
  }

  /** Renames the experiment; refused (400) when the name is blank, too long or taken. */
  void rename(Experiment e, String to) {
    String name = to == null ? "" : to.strip();
    if (name.isEmpty() || name.length() > 100) {
      throw new io.javalin.http.BadRequestResponse(
          "an experiment's name must be 1 to 100 characters");
    }
    try {
      ledger.rename(e.name(), name);
    } catch (dev.mlintern.compute.JobException refused) {
      throw new io.javalin.http.BadRequestResponse(refused.getMessage());
    }
  }

  /** Replaces the run's notes (blank clears them); at most 10,000 characters. */
  void note(Run run, String notes) {
    if (notes != null && notes.length() > 10_000) {
      throw new io.javalin.http.BadRequestResponse("notes are limited to 10,000 characters");
    }
    ledger.note(run.record().id(), notes == null || notes.isBlank() ? null : notes.strip());
  }

  Optional<JobRecord> job(String id) {
    return jobs == null || id == null ? Optional.empty() : jobs.get(id);
  }

  /** Every metric point the run's job reported, in order; empty for a run without a job. */
  List<MetricPoint> points(Run run) {
    return run.record().jobId() == null ? List.of() : jobs.metrics(run.record().jobId());
  }

  private static PreparedStatement statement(
      Connection c, String sql, String experimentId, List<Object> args) throws SQLException {
    PreparedStatement s = c.prepareStatement(sql);
    s.setString(1, experimentId);
    for (int i = 0; i < args.size(); i++) {
      s.setObject(i + 2, args.get(i));
    }
    return s;
  }
}
