package dev.mlintern.models.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads a {@code text/event-stream} one event at a time, as both providers stream: {@code event:}
 * and {@code data:} fields, several {@code data:} lines joined by newlines, {@code :} comment lines
 * (keep-alives) skipped, blank lines ending an event, CRLF or LF line ends. Unknown fields ({@code
 * id:}, {@code retry:}) are ignored. Not thread-safe; one reader per response.
 */
public final class SseReader implements AutoCloseable {
  private final BufferedReader reader;

  public SseReader(InputStream in) {
    this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /**
   * The next event, or {@code null} at the end of the stream. An unterminated last event is still
   * returned.
   */
  public SseEvent next() throws IOException {
    String event = null;
    StringBuilder data = null;
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null || event != null) {
          return new SseEvent(event, data == null ? "" : data.toString());
        }
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      if (field.equals("event")) {
        event = value.strip();
      } else if (field.equals("data")) {
        if (data == null) {
          data = new StringBuilder(value);
        } else {
          data.append('\n').append(value);
        }
      }
    }
    return data != null || event != null
        ? new SseEvent(event, data == null ? "" : data.toString())
        : null;
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
