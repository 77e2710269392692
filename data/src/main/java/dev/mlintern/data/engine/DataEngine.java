package dev.mlintern.data.engine;

import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An embedded DuckDB database that reads local datasets (CSV, TSV, JSON, JSON Lines, Parquet, ARFF,
 * or a folder of Parquet files) into tables, in bounded memory: DuckDB keeps its data off the Java
 * heap, in a scratch database file that spills to disk beyond {@code memory_limit}. Extension
 * auto-install and auto-load are off, so a remote path fails fast instead of reaching out. One
 * engine serves one command or tool call; close it to delete its scratch.
 *
 * <p>Before any SQL that someone else wrote runs (a filter predicate), the caller {@link #lock
 * locks} the engine: DuckDB's own settings then allow reading only the files loaded so far and
 * writing only the declared outputs and the scratch folder ({@code enable_external_access = false}
 * with {@code allowed_paths} and {@code allowed_directories}), and {@code lock_configuration} keeps
 * any statement from changing that. No list of forbidden functions: whatever function or
 * string-built path a query uses, DuckDB refuses the file.
 */
public final class DataEngine implements AutoCloseable {
  /** A column and its DuckDB type. */
  public record Column(String name, String type) {
    public boolean numeric() {
      return type.matches(
          "(?i)(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL.*)");
    }

    public boolean text() {
      return type.equalsIgnoreCase("VARCHAR");
    }
  }

  /** A loaded dataset: the table's name, where it came from, its columns and row count. */
  public record Table(String name, String source, List<Column> columns, long rows) {
    public Table {
      columns = List.copyOf(columns);
    }

    public java.util.Optional<Column> column(String column) {
      return columns.stream().filter(c -> c.name().equals(column)).findFirst();
    }

    public Column require(String column, String role) {
      return column(column)
          .orElseThrow(
              () ->
                  new DataException(
                      Kind.BAD_INPUT,
                      source
                          + " has no column '"
                          + column
                          + "' ("
                          + role
                          + "); columns are: "
                          + columnList()));
    }

    public String columnList() {
      List<String> names = columns.stream().map(Column::name).limit(40).toList();
      return String.join(", ", names)
          + (columns.size() > 40 ? ", … (" + columns.size() + " in all)" : "");
    }
  }

  private final Path scratch;
  private final Connection connection;
  private final Set<String> readablePaths = new LinkedHashSet<>();
  private final Set<String> readableFolders = new LinkedHashSet<>();
  private boolean locked;

  private DataEngine(Path scratch, Connection connection) {
    this.scratch = scratch;
    this.connection = connection;
  }

  /**
   * Opens an engine whose scratch lives in a new folder under {@code workDir}, with DuckDB capped
   * at {@code memoryLimit}.
   */
  public static DataEngine open(Path workDir, String memoryLimit, int threads) {
    try {
      Files.createDirectories(workDir);
      Path scratch = Files.createTempDirectory(workDir, "duckdb-");
      Properties props = new Properties();
      props.setProperty("autoload_known_extensions", "false");
      props.setProperty("autoinstall_known_extensions", "false");
      props.setProperty("jdbc_stream_results", "true");
      Connection c = DriverManager.getConnection("jdbc:duckdb:", props);
      try (Statement s = c.createStatement()) {
        s.execute("SET memory_limit = '" + memoryLimit.replaceAll("[^0-9A-Za-z]", "") + "'");
        s.execute("SET threads = " + Math.max(1, threads));
        s.execute(
            "SET temp_directory = '"
                + scratch.resolve("spill").toString().replace("'", "''")
                + "'");
        s.execute("SET preserve_insertion_order = true");
        s.execute("SET enable_progress_bar = false");
      }
      return new DataEngine(scratch, c);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot start DuckDB: " + e.getMessage(), e);
    }
  }

  public static DataEngine open(Path workDir) {
    return open(workDir, "512MB", Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  public Path scratch() {
    return scratch;
  }

  /**
   * Reads {@code file} into table {@code name}; bad input becomes a {@link DataException} naming
   * file and row.
   */
  public Table load(String name, Path file) {
    if (locked && !readable(file)) {
      throw new IllegalStateException(file + " was not loaded before the engine was locked");
    }
    Sources.Scan scan = Sources.scan(file);
    register(file);
    if (scan.columns() > Sources.WIDE) {
      // a CSV chunk holds 2048 rows of every column: ~100 KB per column must fit, whatever the row
      // count
      long needMb = scan.columns() / 10L;
      if (needMb > memoryLimitMb()) {
        execute("SET memory_limit = '" + needMb + "MB'");
      }
    }
    try {
      execute("CREATE OR REPLACE TABLE " + quote(name) + " AS SELECT * FROM " + scan.sql());
    } catch (DataException e) {
      Sources.diagnose(file);
      if (scan.fallback() == null) {
        throw new DataException(Kind.BAD_INPUT, Sources.explain(file, e.getMessage()));
      }
      try {
        execute("CREATE OR REPLACE TABLE " + quote(name) + " AS SELECT * FROM " + scan.fallback());
      } catch (DataException again) {
        throw new DataException(Kind.BAD_INPUT, Sources.explain(file, again.getMessage()));
      }
    }
    Table table = describe(name, file.toString());
    if (table.rows() == 0) {
      Sources.diagnose(file);
    }
    return table;
  }

  private void register(Path file) {
    Set<String> into = Files.isDirectory(file) ? readableFolders : readablePaths;
    String suffix = Files.isDirectory(file) ? "/" : "";
    into.add(file + suffix);
    into.add(file.toAbsolutePath().normalize() + suffix);
  }

  private boolean readable(Path file) {
    String path = file.toAbsolutePath().normalize().toString();
    return readablePaths.contains(path) || readableFolders.contains(path + "/");
  }

  /**
   * From now on DuckDB may read only the files loaded so far and may write only {@code writable}
   * (and its scratch folder); the configuration is locked, so no query can undo this. Call it after
   * the last {@link #load} and before running SQL that a model or user wrote.
   */
  public void lock(Collection<Path> writable) {
    Set<String> paths = new LinkedHashSet<>(readablePaths);
    writable.forEach(p -> paths.add(p.toAbsolutePath().normalize().toString()));
    Set<String> folders = new LinkedHashSet<>(readableFolders);
    folders.add(scratch.toAbsolutePath().normalize() + "/");
    execute("SET allowed_paths = " + list(paths));
    execute("SET allowed_directories = " + list(folders));
    execute("SET enable_external_access = false");
    execute("SET lock_configuration = true");
    locked = true;
  }

  public boolean locked() {
    return locked;
  }

  private static String list(Set<String> values) {
    return "[" + String.join(", ", values.stream().map(DataEngine::literal).toList()) + "]";
  }

  private long memoryLimitMb() {
    long[] bytes = {0};
    query(
        "SELECT memory_limit FROM (SELECT current_setting('memory_limit') AS memory_limit)",
        r -> bytes[0] = parseMb(r.getString(1)));
    return bytes[0];
  }

  private static long parseMb(String setting) {
    String s = setting.trim().toUpperCase(Locale.ROOT).replace(" ", "");
    double n = Double.parseDouble(s.replaceAll("[^0-9.]", ""));
    return (long)
        (s.endsWith("GIB") || s.endsWith("GB")
            ? n * 1024
            : s.endsWith("KIB") || s.endsWith("KB") ? n / 1024 : n);
  }

  /** Creates table {@code name} from a query over tables already loaded. */
  public Table derive(String name, String selectSql, String source) {
    execute("CREATE OR REPLACE TABLE " + quote(name) + " AS " + selectSql);
    return describe(name, source);
  }

  public Table describe(String name, String source) {
    List<Column> columns = new ArrayList<>();
    query(
        "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = "
            + literal(name)
            + " ORDER BY ordinal_position",
        r -> columns.add(new Column(r.getString(1), r.getString(2))));
    long rows = single("SELECT count(*) FROM " + quote(name));
    return new Table(name, source, columns, rows);
  }

  public void execute(String sql) {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw sqlError(e);
    }
  }

  /** Runs a query and hands each row to {@code row}; rows stream, so memory stays bounded. */
  public void query(String sql, RowConsumer row) {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      while (r.next()) {
        row.accept(r);
      }
    } catch (SQLException e) {
      throw sqlError(e);
    }
  }

  /**
   * Hands every row of {@code table} to {@code row}, {@value #SCAN_BATCH} rows per query ({@code
   * rowid} ranges), so no result set stays open for long: a long-lived streaming result can be
   * invalidated under memory pressure. {@code columns} is the select list; the row's {@code rowid}
   * is always its first column.
   */
  public void scan(String table, String columns, String where, RowConsumer row) {
    long max = single("SELECT coalesce(max(rowid), -1) FROM " + quote(table));
    for (long from = 0; from <= max; from += SCAN_BATCH) {
      query(
          "SELECT rowid, "
              + columns
              + " FROM "
              + quote(table)
              + " WHERE rowid >= "
              + from
              + " AND rowid < "
              + (from + SCAN_BATCH)
              + (where == null ? "" : " AND (" + where + ")"),
          row);
    }
  }

  static final int SCAN_BATCH = 65_536;

  public long single(String sql) {
    long[] out = {0};
    query(sql, r -> out[0] = r.getLong(1));
    return out[0];
  }

  public Connection connection() {
    return connection;
  }

  /** A row callback that may throw SQL exceptions. */
  @FunctionalInterface
  public interface RowConsumer {
    void accept(ResultSet row) throws SQLException;
  }

  static DataException sqlError(SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    int cut = message.indexOf("\n\nLINE ");
    return new DataException(
        Kind.BAD_INPUT, (cut > 0 ? message.substring(0, cut) : message).strip());
  }

  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  public static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing anyway
    }
    try (Stream<Path> walk = Files.walk(scratch)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort: the scratch folder is inside a temp or workspace folder
    }
  }
}
