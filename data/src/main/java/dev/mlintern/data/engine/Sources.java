package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.DataEngine.literal;

import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Turns a local file into the DuckDB table function that reads it, by extension: {@code .csv},
 * {@code .tsv}, {@code .json}, {@code .jsonl}/{@code .ndjson}, {@code .parquet}, {@code .arff}, or
 * a folder of Parquet files. Delimited files are checked by {@link TextCheck} first and JSON files
 * when DuckDB fails on them, so errors name the right line and column.
 */
final class Sources {
  /**
   * Wider than this, a CSV is read by one thread with a small sample, and DuckDB gets more memory
   * (see DataEngine).
   */
  static final int WIDE = 500;

  private Sources() {}

  /**
   * The table function that reads a file, and its width when known up front (CSV header), else 0.
   */
  record Scan(String sql, int columns, String fallback) {
    Scan(String sql, int columns) {
      this(sql, columns, null);
    }
  }

  static Scan scan(Path file) {
    if (isDelimited(file)) {
      char delimiter = delimiter(file);
      List<String> header = TextCheck.delimited(file, delimiter);
      if (header.size() == 1 && header.get(0).isEmpty()) {
        throw new DataException(
            Kind.BAD_INPUT,
            file + ": the header line is empty; the first line must name the columns");
      }
      // very wide files: one reader thread and a small type-detection sample keep DuckDB's buffers
      // small
      String wide =
          header.size() > WIDE ? ", parallel = false, sample_size = 1000" : ", sample_size = 20480";
      return new Scan(
          "read_csv("
              + literal(file.toString())
              + ", header = true, delim = "
              + literal(String.valueOf(delimiter))
              + ", quote = '\"', escape = '\"', strict_mode = false"
              + wide
              + ", max_line_size = 10000000)",
          header.size());
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      // types are guessed from the first rows; if a later row disagrees, read again guessing from
      // every row
      String sql = other(file);
      return new Scan(sql.replace(", sample_size = -1", ""), 0, sql);
    }
    return new Scan(other(file), 0);
  }

  private static boolean isDelimited(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(file)
        && nonEmpty(file)
        && (name.endsWith(".csv")
            || name.endsWith(".tsv")
            || name.endsWith(".tab")
            || name.endsWith(".txt"));
  }

  private static char delimiter(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".tsv") || name.endsWith(".tab") ? '\t' : ',';
  }

  private static boolean nonEmpty(Path file) {
    try {
      return Files.size(file) > 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static String other(Path file) {
    if (Files.isDirectory(file)) {
      try (Stream<Path> files = Files.walk(file)) {
        List<String> parquet =
            files
                .filter(p -> p.toString().endsWith(".parquet"))
                .sorted()
                .map(p -> literal(p.toString()))
                .toList();
        if (parquet.isEmpty()) {
          throw new DataException(Kind.BAD_INPUT, file + ": the folder holds no .parquet files");
        }
        return "read_parquet([" + String.join(", ", parquet) + "], union_by_name = true)";
      } catch (IOException e) {
        throw new DataException(
            Kind.BAD_INPUT, file + ": cannot be listed (" + e.getMessage() + ")");
      }
    }
    if (!Files.isRegularFile(file)) {
      throw new DataException(Kind.BAD_INPUT, file + ": no such file");
    }
    try {
      if (Files.size(file) == 0) {
        throw TextCheck.empty(file);
      }
    } catch (IOException e) {
      throw new DataException(Kind.BAD_INPUT, file + ": cannot be read (" + e.getMessage() + ")");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String path = literal(file.toString());
    if (name.endsWith(".parquet")) {
      return "read_parquet(" + path + ")";
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return "read_json(" + path + ", format = 'newline_delimited', sample_size = -1)";
    }
    if (name.endsWith(".json")) {
      return "read_json(" + path + ", format = 'auto', sample_size = -1)";
    }
    if (name.endsWith(".arff")) {
      return arff(file);
    }
    throw new DataException(
        Kind.BAD_INPUT,
        file + ": unknown format; use .csv, .tsv, .json, .jsonl, .parquet or .arff");
  }

  /**
   * ARFF: the {@code @attribute} lines name the columns; rows after {@code @data} are CSV with '?'
   * for missing.
   */
  private static String arff(Path file) {
    List<String> names = new ArrayList<>();
    int dataLine = -1;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = in.readLine()) != null) {
        n++;
        String t = line.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("@attribute")) {
          String rest = t.substring(10).strip();
          String attr =
              rest.startsWith("'") || rest.startsWith("\"")
                  ? rest.substring(1, rest.indexOf(rest.charAt(0), 1))
                  : rest.split("\\s+")[0];
          names.add(attr);
        } else if (lower.startsWith("@data")) {
          dataLine = n;
          break;
        }
      }
    } catch (IOException e) {
      throw new DataException(
          Kind.BAD_INPUT, file + ": is not a readable ARFF file (" + e.getMessage() + ")");
    }
    if (names.isEmpty() || dataLine < 0) {
      throw new DataException(
          Kind.BAD_INPUT, file + ": an ARFF file needs @attribute lines and a @data section");
    }
    StringBuilder columns = new StringBuilder();
    for (String name : names) {
      columns.append(columns.length() == 0 ? "" : ", ").append(literal(name));
    }
    return "read_csv("
        + literal(file.toString())
        + ", header = false, skip = "
        + dataLine
        + ", names = ["
        + columns
        + "], nullstr = '?', quote = '''', strict_mode = false)";
  }

  /**
   * After DuckDB failed to read a JSON file, or read no rows from it: finds the first invalid UTF-8
   * byte or an all-blank file and throws a {@link DataException} naming its line (DuckDB's own
   * message can point at the wrong line). Returns quietly when the text is fine. JSON is not
   * checked up front, so a good file is read once, by DuckDB alone.
   */
  static void diagnose(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (Files.isRegularFile(file)
        && (name.endsWith(".json") || name.endsWith(".jsonl") || name.endsWith(".ndjson"))) {
      TextCheck.utf8(file);
    }
  }

  /** A DuckDB read error rephrased with the file name first and DuckDB's advice trimmed. */
  static String explain(Path file, String duckdbMessage) {
    String first =
        duckdbMessage
            .lines()
            .filter(l -> !l.isBlank() && !l.startsWith("Possible Solution") && !l.startsWith("  "))
            .limit(3)
            .reduce((a, b) -> a + "; " + b)
            .orElse(duckdbMessage);
    String message =
        first.replaceFirst("^(Invalid Input Error|IO Error|Conversion Error|Parser Error): ", "");
    if (message.contains("magic bytes")) {
      message =
          "not a complete Parquet file (it is truncated or corrupt: "
              + message
              + "); download or write it again";
    }
    return file + ": " + message;
  }
}
