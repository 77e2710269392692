package dev.mlintern.autopilot.bench;

import dev.mlintern.autopilot.AutopilotException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file read whole (RFC 4180: quoted fields may hold commas, quotes and newlines). Used for
 * bench task headers, submissions and answers, which are small; training data goes to the Python
 * trials instead.
 */
public record CsvTable(List<String> header, List<List<String>> rows) {
  public CsvTable {
    header = List.copyOf(header);
    rows = List.copyOf(rows);
  }

  public static CsvTable read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Only the header line, for files too big to read whole. */
  public static List<String> readHeader(Path file) {
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = reader.readLine();
      if (line == null) {
        throw new AutopilotException(
            AutopilotException.Kind.BAD_TASK, file + " is empty; it needs a header line");
      }
      return parse(line).header();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The header and at most {@code rows} rows from the start of a file, for a look at a training
   * file of any size (whole lines only; a quoted newline may cut the last row short).
   */
  public static CsvTable head(Path file, int rows) {
    StringBuilder text = new StringBuilder();
    try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      for (int i = 0; i <= rows && (line = reader.readLine()) != null; i++) {
        text.append(line).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parse(text.toString());
  }

  static CsvTable parse(String text) {
    List<List<String>> records = new ArrayList<>();
    List<String> record = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        any = true;
      } else if (c == ',') {
        record.add(field.toString());
        field.setLength(0);
        any = true;
      } else if (c == '\n' || c == '\r') {
        if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
          i++;
        }
        if (any || field.length() > 0) {
          record.add(field.toString());
          records.add(record);
        }
        record = new ArrayList<>();
        field.setLength(0);
        any = false;
      } else {
        field.append(c);
        any = true;
      }
    }
    if (any || field.length() > 0) {
      record.add(field.toString());
      records.add(record);
    }
    if (records.isEmpty()) {
      return new CsvTable(List.of(), List.of());
    }
    List<String> header = records.get(0).stream().map(String::strip).toList();
    return new CsvTable(header, records.subList(1, records.size()));
  }

  /** Index of a column, or -1. */
  public int column(String name) {
    return header.indexOf(name);
  }

  /** The values of one column, in row order ("" where a row is short). */
  public List<String> values(String name) {
    int index = column(name);
    if (index < 0) {
      throw new IllegalArgumentException("no column " + name);
    }
    return rows.stream().map(r -> index < r.size() ? r.get(index).strip() : "").toList();
  }
}
