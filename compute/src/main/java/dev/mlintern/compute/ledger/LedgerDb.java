package dev.mlintern.compute.ledger;

import dev.mlintern.compute.JobException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQLite file that holds jobs, experiments, runs and metrics ({@code $MLINTERN_HOME/ledger.db},
 * beside the session store). WAL mode and a busy timeout let the agent and CLI invocations share
 * it; every write that must happen once (a job's result) runs in one transaction.
 */
public final class LedgerDb implements AutoCloseable {
  public static final String FILE_NAME = "ledger.db";
  private static final String[] SCHEMA = {
    """
    CREATE TABLE IF NOT EXISTS jobs (
      id TEXT PRIMARY KEY, executor TEXT NOT NULL, native_id TEXT, session_id TEXT, detached INTEGER NOT NULL,
      command TEXT NOT NULL, output_dir TEXT NOT NULL, state TEXT NOT NULL, exit_code INTEGER, message TEXT,
      submitted_at TEXT NOT NULL, ended_at TEXT, labels TEXT NOT NULL, log_offset INTEGER NOT NULL DEFAULT 0,
      recorded INTEGER NOT NULL DEFAULT 0, estimated_usd REAL NOT NULL DEFAULT 0, spec TEXT,
      cost_usd REAL)""",
    """
    CREATE TABLE IF NOT EXISTS metrics (
      job_id TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, value REAL, value_text TEXT,
      step INTEGER, split TEXT, PRIMARY KEY (job_id, seq))""",
    """
    CREATE TABLE IF NOT EXISTS experiments (
      id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, goal TEXT, created_at TEXT NOT NULL)""",
    """
    CREATE TABLE IF NOT EXISTS runs (
      id TEXT PRIMARY KEY, experiment_id TEXT NOT NULL, job_id TEXT UNIQUE, parent_run TEXT, config TEXT,
      code_hash TEXT, data_hash TEXT, seed INTEGER, executor TEXT, cost_usd REAL, status TEXT NOT NULL,
      metrics TEXT NOT NULL, artifacts TEXT NOT NULL, notes TEXT, created_at TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS jobs_by_submitted ON jobs (submitted_at)",
    "CREATE INDEX IF NOT EXISTS runs_by_experiment ON runs (experiment_id, created_at)",
    """
    CREATE TABLE IF NOT EXISTS leases (
      session_id TEXT PRIMARY KEY, pid INTEGER NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL)"""
  };

  private final Connection connection;

  private LedgerDb(Connection connection) {
    this.connection = connection;
  }

  /** Opens (creating if needed) the ledger under {@code home}. */
  public static LedgerDb open(Path home) {
    try {
      Files.createDirectories(home);
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + home.resolve(FILE_NAME));
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 10000");
        s.execute("PRAGMA journal_mode = WAL");
        for (String ddl : SCHEMA) {
          s.execute(ddl);
        }
        addColumn(s, "jobs", "cost_usd REAL");
      }
      return new LedgerDb(c);
    } catch (SQLException | java.io.IOException e) {
      throw new JobException(
          JobException.Kind.BACKEND,
          "cannot open the ledger under " + home + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * Brings a ledger written by an older version up to the schema: adds the column unless it is
   * there.
   */
  private static void addColumn(Statement s, String table, String column) throws SQLException {
    try (java.sql.ResultSet r =
        s.executeQuery(
            "SELECT 1 FROM pragma_table_info('"
                + table
                + "') WHERE name = '"
                + column.split(" ")[0]
                + "'")) {
      if (r.next()) {
        return;
      }
    }
    s.execute("ALTER TABLE " + table + " ADD COLUMN " + column);
  }

  /** Work done against the connection; checked SQL errors become {@link JobException}. */
  public interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Maps one result row to a value. */
  public interface Row<T> {
    T map(java.sql.ResultSet row) throws SQLException;
  }

  /** Runs a query with string parameters and maps every row. */
  public <T> java.util.List<T> query(String sql, Row<T> row, String... args) {
    return read(
        c -> {
          java.util.List<T> out = new java.util.ArrayList<>();
          try (java.sql.PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              s.setString(i + 1, args[i]);
            }
            try (java.sql.ResultSet r = s.executeQuery()) {
              while (r.next()) {
                out.add(row.map(r));
              }
            }
          }
          return out;
        });
  }

  public synchronized <T> T read(Work<T> work) {
    try {
      return work.run(connection);
    } catch (SQLException e) {
      throw new JobException(
          JobException.Kind.BACKEND, "ledger query failed: " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} in one immediate transaction: all of it lands, or none. */
  public synchronized <T> T transaction(Work<T> work) {
    try {
      try (Statement s = connection.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
      }
      try {
        T result = work.run(connection);
        try (Statement s = connection.createStatement()) {
          s.execute("COMMIT");
        }
        return result;
      } catch (SQLException | RuntimeException e) {
        try (Statement s = connection.createStatement()) {
          s.execute("ROLLBACK");
        }
        throw e;
      }
    } catch (SQLException e) {
      throw new JobException(
          JobException.Kind.BACKEND, "ledger write failed: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new JobException(
          JobException.Kind.BACKEND, "closing the ledger failed: " + e.getMessage(), e);
    }
  }
}
