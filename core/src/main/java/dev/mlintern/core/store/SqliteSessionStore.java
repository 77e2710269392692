package dev.mlintern.core.store;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.event.EventJson;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.secret.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The session store in one SQLite file, normally {@code $MLINTERN_HOME/mlintern.db}, shared by the
 * CLI and the web server: WAL journal so readers never block the writer, a busy timeout so two
 * processes wait for each other instead of failing, immediate transactions so sequence numbers are
 * allocated under the write lock. Tables: {@code events} (append-only: session, seq, time, type,
 * body JSON), {@code sessions} (derived state) and {@code schema_version}; {@link #MIGRATIONS} only
 * ever grows. A session's usage sums its model calls and summarizations; its cost adds the
 * estimates charged for paid tool calls as corrected by {@code spend} events.
 */
public final class SqliteSessionStore implements SessionStore {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteSessionStore.class);

  /**
   * Forward migrations; entry {@code i} takes the schema from version {@code i} to {@code i + 1}.
   */
  static final List<List<String>> MIGRATIONS =
      List.of(
          List.of(
              "CREATE TABLE sessions (id TEXT PRIMARY KEY, goal TEXT, model TEXT, workspace TEXT,"
                  + " status TEXT NOT NULL, created TEXT NOT NULL, updated TEXT NOT NULL,"
                  + " input_tokens INTEGER NOT NULL DEFAULT 0, output_tokens INTEGER NOT NULL DEFAULT 0,"
                  + " cache_read_tokens INTEGER NOT NULL DEFAULT 0, cache_write_tokens INTEGER NOT NULL DEFAULT 0,"
                  + " usd REAL NOT NULL DEFAULT 0, last_seq INTEGER NOT NULL DEFAULT 0)",
              "CREATE TABLE events (session TEXT NOT NULL, seq INTEGER NOT NULL, time TEXT NOT NULL,"
                  + " type TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (session, seq)) WITHOUT ROWID",
              "CREATE INDEX sessions_updated ON sessions (updated)"));

  private static final String UPDATE_SESSION =
      "UPDATE sessions SET last_seq = ?, updated = ?, status = coalesce(?, status), goal = coalesce(?, goal),"
          + " model = coalesce(?, model), workspace = coalesce(?, workspace), input_tokens = input_tokens + ?,"
          + " output_tokens = output_tokens + ?, cache_read_tokens = cache_read_tokens + ?,"
          + " cache_write_tokens = cache_write_tokens + ?, usd = usd + ? WHERE id = ?";

  private final Connection connection;
  private final Secrets secrets;
  private final Clock clock;
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

  public SqliteSessionStore(Path dbFile, Secrets secrets, Clock clock) {
    this.secrets = secrets;
    this.clock = clock;
    try {
      Path parent = dbFile.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
      config.setBusyTimeout(15_000);
      connection =
          DriverManager.getConnection(
              "jdbc:sqlite:" + dbFile.toAbsolutePath(), config.toProperties());
      migrate();
    } catch (SQLException e) {
      throw new StoreException("cannot open session store " + dbFile + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The store at {@code home/mlintern.db}, with the system clock. */
  public static SqliteSessionStore inHome(Path home, Secrets secrets) {
    return new SqliteSessionStore(home.resolve("mlintern.db"), secrets, Clock.systemUTC());
  }

  /** The schema version this file is at. */
  public synchronized int schemaVersion() {
    try (Statement st = connection.createStatement();
        ResultSet rs = st.executeQuery("SELECT max(version) FROM schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    } catch (SQLException e) {
      throw new StoreException("cannot read schema version: " + e.getMessage(), e);
    }
  }

  private void migrate() throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
      st.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int version;
      try (ResultSet rs = st.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
        version = rs.next() ? rs.getInt(1) : 0;
      }
      if (version > MIGRATIONS.size()) {
        throw new SQLException(
            "the store was written by a newer mlintern (schema "
                + version
                + ", this build knows "
                + MIGRATIONS.size()
                + ")");
      }
      for (int v = version; v < MIGRATIONS.size(); v++) {
        for (String sql : MIGRATIONS.get(v)) {
          st.execute(sql);
        }
        st.execute("INSERT INTO schema_version (version) VALUES (" + (v + 1) + ")");
      }
      st.execute("COMMIT");
    } catch (SQLException e) {
      rollbackQuietly();
      throw e;
    }
  }

  @Override
  public Event append(String session, AgentEvent event) {
    String type = event.type();
    String original = EventJson.bodyJson(event);
    String body = secrets.redact(original);
    AgentEvent stored = body.equals(original) ? event : EventJson.body(type, body);
    Event result;
    synchronized (this) {
      Instant now = clock.instant();
      try {
        begin();
        long seq = lastSeq(session, now) + 1;
        try (PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO events (session, seq, time, type, body) VALUES (?, ?, ?, ?, ?)")) {
          insert.setString(1, session);
          insert.setLong(2, seq);
          insert.setString(3, now.toString());
          insert.setString(4, type);
          insert.setString(5, body);
          insert.executeUpdate();
        }
        updateSession(session, seq, now, stored);
        commit();
        result = new Event(seq, session, now, stored);
      } catch (SQLException e) {
        rollbackQuietly();
        throw new StoreException(
            "cannot append " + type + " to session " + session + ": " + e.getMessage(), e);
      }
    }
    for (Consumer<Event> listener : listeners) {
      try {
        listener.accept(result);
      } catch (RuntimeException e) {
        LOG.warn("store listener failed on event {} of {}", result.seq(), session, e);
      }
    }
    return result;
  }

  private long lastSeq(String session, Instant now) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT last_seq FROM sessions WHERE id = ?")) {
      select.setString(1, session);
      try (ResultSet rs = select.executeQuery()) {
        if (rs.next()) {
          return rs.getLong(1);
        }
      }
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO sessions (id, status, created, updated) VALUES (?, 'running', ?, ?)")) {
      insert.setString(1, session);
      insert.setString(2, now.toString());
      insert.setString(3, now.toString());
      insert.executeUpdate();
    }
    return 0;
  }

  private void updateSession(String session, long seq, Instant now, AgentEvent event)
      throws SQLException {
    String status = null;
    String goal = null;
    String model = null;
    String workspace = null;
    AgentEvent.UsageView usage = null;
    double spent = 0;
    if (event instanceof AgentEvent.SessionStarted started) {
      status = "running";
      goal = started.goal();
      model = started.model();
      workspace = started.workspace();
    } else if (event instanceof AgentEvent.ModelChanged changed) {
      model = changed.to();
    } else if (event instanceof AgentEvent.UserMessage
        || event instanceof AgentEvent.ApprovalResolved) {
      status = "running";
    } else if (event instanceof AgentEvent.ApprovalRequested) {
      status = "waiting";
    } else if (event instanceof AgentEvent.TurnComplete) {
      status = "idle";
    } else if (event instanceof AgentEvent.SessionFinished finished) {
      status = finished.status() == null ? "finished" : finished.status();
    } else if (event instanceof AgentEvent.AssistantMessage message) {
      usage = message.usage();
    } else if (event instanceof AgentEvent.Compaction compaction) {
      usage = compaction.usage();
    } else if (event instanceof AgentEvent.ToolCall call && call.estimatedUsd() != null) {
      spent = call.estimatedUsd();
    } else if (event instanceof AgentEvent.Spend spend) {
      spent = spend.charged();
    }
    try (PreparedStatement update = connection.prepareStatement(UPDATE_SESSION)) {
      update.setLong(1, seq);
      update.setString(2, now.toString());
      update.setString(3, status);
      update.setString(4, goal);
      update.setString(5, model);
      update.setString(6, workspace);
      update.setLong(7, usage == null ? 0 : usage.input());
      update.setLong(8, usage == null ? 0 : usage.output());
      update.setLong(9, usage == null ? 0 : usage.cacheRead());
      update.setLong(10, usage == null ? 0 : usage.cacheWrite());
      update.setDouble(11, (usage == null ? 0 : usage.usd()) + spent);
      update.setString(12, session);
      update.executeUpdate();
    }
  }

  @Override
  public List<Event> events(String session, long afterSeq) {
    return page(session, afterSeq, -1);
  }

  /**
   * One page read by primary key range: the cost grows with {@code limit}, not with the session's
   * length.
   */
  @Override
  public List<Event> events(String session, long afterSeq, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    return page(session, afterSeq, limit);
  }

  private synchronized List<Event> page(String session, long afterSeq, int limit) {
    List<Event> events = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT seq, time, type, body FROM events WHERE session = ? AND seq > ? ORDER BY seq LIMIT ?")) {
      select.setString(1, session);
      select.setLong(2, afterSeq);
      select.setInt(3, limit);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          events.add(
              new Event(
                  rs.getLong(1),
                  session,
                  Instant.parse(rs.getString(2)),
                  EventJson.body(rs.getString(3), rs.getString(4))));
        }
      }
    } catch (SQLException e) {
      throw new StoreException(
          "cannot read events of session " + session + ": " + e.getMessage(), e);
    }
    return events;
  }

  @Override
  public synchronized Optional<SessionInfo> session(String id) {
    List<SessionInfo> found = query("WHERE id = ?", id);
    return found.stream().findFirst();
  }

  @Override
  public synchronized List<SessionInfo> sessions() {
    return query("ORDER BY updated DESC, id");
  }

  private List<SessionInfo> query(String where, String... args) {
    List<SessionInfo> out = new ArrayList<>();
    String sql =
        "SELECT id, goal, model, workspace, status, created, updated, input_tokens, output_tokens,"
            + " cache_read_tokens, cache_write_tokens, usd, last_seq FROM sessions "
            + where;
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        select.setString(i + 1, args[i]);
      }
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          out.add(
              new SessionInfo(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  Instant.parse(rs.getString(6)),
                  Instant.parse(rs.getString(7)),
                  new Usage(rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11)),
                  rs.getDouble(12),
                  rs.getLong(13)));
        }
      }
    } catch (SQLException e) {
      throw new StoreException("cannot read sessions: " + e.getMessage(), e);
    }
    return out;
  }

  @Override
  public synchronized Optional<SessionInfo> delete(String id) {
    try {
      begin();
      Optional<SessionInfo> found = query("WHERE id = ?", id).stream().findFirst();
      if (found.isPresent() && SessionDeletion.isActive(found.get())) {
        rollbackQuietly();
        throw new SessionActiveException(found.get());
      }
      for (String table :
          List.of("DELETE FROM events WHERE session = ?", "DELETE FROM sessions WHERE id = ?")) {
        try (PreparedStatement delete = connection.prepareStatement(table)) {
          delete.setString(1, id);
          delete.executeUpdate();
        }
      }
      commit();
      return found;
    } catch (SQLException e) {
      rollbackQuietly();
      throw new StoreException("cannot delete session " + id + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void export(String session, Writer out) {
    try {
      for (Event event : events(session)) {
        out.write(secrets.redact(EventJson.toJson(event)));
        out.write('\n');
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public AutoCloseable subscribe(Consumer<Event> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  private void begin() throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("BEGIN IMMEDIATE");
    }
  }

  private void commit() throws SQLException {
    try (Statement st = connection.createStatement()) {
      st.execute("COMMIT");
    }
  }

  private void rollbackQuietly() {
    try (Statement st = connection.createStatement()) {
      st.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StoreException("cannot close session store: " + e.getMessage(), e);
    }
  }
}
