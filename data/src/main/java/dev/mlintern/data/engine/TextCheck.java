package dev.mlintern.data.engine;

import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming pass over a text dataset before DuckDB reads it, because DuckDB's own errors can
 * point at the wrong line: checks that every byte is valid UTF-8 and, for delimited files, that
 * every record has as many fields as the header (quotes respected). The first problem becomes a
 * {@link DataException} naming the file, line and column. Memory stays constant whatever the file
 * size.
 */
final class TextCheck {
  private TextCheck() {}

  /** Checks a CSV/TSV file; returns the header's column names. */
  static List<String> delimited(Path file, char delimiter) {
    try (Bytes in = new Bytes(Files.newInputStream(file))) {
      List<String> header = new ArrayList<>();
      StringBuilder field = new StringBuilder();
      long line = 1;
      long recordLine = 1;
      int fields = 0;
      boolean quoted = false;
      boolean inHeader = true;
      boolean any = false;
      boolean lineWasEmpty = true;
      int b;
      while ((b = in.read()) >= 0) {
        any = true;
        if (b >= 0x80) {
          b = continueUtf8(in, b, file, line, inHeader ? null : columnName(header, fields));
        }
        if (b == '"') {
          quoted = !quoted;
        } else if (!quoted && b == delimiter) {
          if (inHeader) {
            header.add(field.toString().strip());
            field.setLength(0);
          }
          fields++;
        } else if (!quoted && (b == '\n' || b == '\r')) {
          if (b == '\r' && in.peek() == '\n') {
            in.read();
          }
          if (inHeader) {
            header.add(field.toString().strip());
            inHeader = false;
          } else if (fields + 1 != header.size()
              && !(fields == 0 && recordLine == line && lineWasEmpty)) {
            throw fieldCount(file, recordLine, header.size(), fields + 1);
          }
          line++;
          recordLine = line;
          fields = 0;
          lineWasEmpty = true;
          continue;
        } else if (inHeader) {
          field.appendCodePoint(b);
        }
        if (b == '\n') {
          line++;
        }
        lineWasEmpty = false;
      }
      if (!any) {
        throw empty(file);
      }
      if (inHeader) {
        header.add(field.toString().strip());
      } else if (!lineWasEmpty && fields + 1 != header.size()) {
        throw fieldCount(file, recordLine, header.size(), fields + 1);
      }
      if (quoted) {
        throw new DataException(
            Kind.BAD_INPUT,
            file
                + ": a quoted field opened on line "
                + recordLine
                + " is never closed; fix the quoting of that row");
      }
      return header;
    } catch (IOException e) {
      throw new DataException(Kind.BAD_INPUT, file + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  /** Checks that a JSON or JSON Lines file is non-empty, valid UTF-8 text. */
  static void utf8(Path file) {
    try (Bytes in = new Bytes(Files.newInputStream(file))) {
      long line = 1;
      boolean any = false;
      int b;
      while ((b = in.read()) >= 0) {
        if (!any && !Character.isWhitespace(b)) {
          any = true;
        }
        if (b == '\n') {
          line++;
        } else if (b >= 0x80) {
          continueUtf8(in, b, file, line, null);
        }
      }
      if (!any) {
        throw empty(file);
      }
    } catch (IOException e) {
      throw new DataException(Kind.BAD_INPUT, file + ": cannot be read (" + e.getMessage() + ")");
    }
  }

  /**
   * Reads the continuation bytes of a multi-byte UTF-8 sequence; returns a placeholder code point.
   */
  private static int continueUtf8(Bytes in, int lead, Path file, long line, String column)
      throws IOException {
    int extra =
        lead >= 0xF0 && lead <= 0xF4 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC2 && lead < 0xE0 ? 1 : -1;
    int cp = extra == 1 ? lead & 0x1F : extra == 2 ? lead & 0x0F : lead & 0x07;
    for (int i = 0; i < extra; i++) {
      int next = in.read();
      if (next < 0x80 || next > 0xBF) {
        extra = -1;
        break;
      }
      cp = (cp << 6) | (next & 0x3F);
    }
    if (extra < 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      throw new DataException(
          Kind.BAD_INPUT,
          file
              + ": line "
              + line
              + (column == null ? "" : ", column '" + column + "'")
              + " is not valid UTF-8; re-encode the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)");
    }
    return cp;
  }

  /**
   * An unsynchronized byte reader with one byte of look-ahead; BufferedInputStream's locking costs
   * seconds per GB.
   */
  private static final class Bytes implements AutoCloseable {
    private final InputStream in;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int end;

    Bytes(InputStream in) {
      this.in = in;
    }

    int read() throws IOException {
      if (pos == end && !fill()) {
        return -1;
      }
      return buffer[pos++] & 0xFF;
    }

    int peek() throws IOException {
      if (pos == end && !fill()) {
        return -1;
      }
      return buffer[pos] & 0xFF;
    }

    private boolean fill() throws IOException {
      int n = in.read(buffer);
      pos = 0;
      end = Math.max(0, n);
      return n > 0;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static String columnName(List<String> header, int index) {
    return index < header.size() ? header.get(index) : "#" + (index + 1);
  }

  private static DataException fieldCount(Path file, long line, int expected, int found) {
    return new DataException(
        Kind.BAD_INPUT,
        file
            + ": line "
            + line
            + " has "
            + found
            + " fields but the header has "
            + expected
            + "; fix or remove that row (check its quoting and delimiters)");
  }

  static DataException empty(Path file) {
    return new DataException(Kind.BAD_INPUT, file + ": the file is empty; nothing to read");
  }
}
