package dev.mlintern.compute;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a job's log file by a {@link LogQuery}. An offset read returns only complete lines, oldest
 * first, and stops at the cap with {@code nextOffset} just after the last line it consumed, so a
 * caller can page through. A tail read looks at the last megabyte only and keeps the newest lines
 * that fit.
 */
public final class LogReader {
  private static final int TAIL_WINDOW = 1 << 20;

  private LogReader() {}

  public static LogChunk read(Path log, LogQuery query) {
    if (!Files.exists(log)) {
      return new LogChunk(List.of(), query.sinceOffset() == null ? 0 : query.sinceOffset(), false);
    }
    Pattern grep = compile(query.grep());
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
      long length = file.length();
      boolean fromOffset = query.sinceOffset() != null;
      long start =
          fromOffset
              ? Math.min(Math.max(0, query.sinceOffset()), length)
              : Math.max(0, length - TAIL_WINDOW);
      byte[] bytes = new byte[(int) (length - start)];
      file.seek(start);
      file.readFully(bytes);
      return fromOffset
          ? fromOffset(bytes, start, grep, query.maxChars())
          : tail(bytes, start, grep, query);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static LogChunk fromOffset(byte[] bytes, long start, Pattern grep, int maxChars) {
    List<String> lines = new ArrayList<>();
    int used = 0;
    int lineStart = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      String line = new String(bytes, lineStart, i - lineStart, StandardCharsets.UTF_8);
      if (grep == null || grep.matcher(line).find()) {
        if (used + line.length() + 1 > maxChars && !lines.isEmpty()) {
          return new LogChunk(lines, start + lineStart, true);
        }
        lines.add(line.length() > maxChars ? line.substring(0, maxChars) : line);
        used += line.length() + 1;
      }
      lineStart = i + 1;
    }
    return new LogChunk(lines, start + lineStart, false);
  }

  private static LogChunk tail(byte[] bytes, long start, Pattern grep, LogQuery query) {
    boolean partialFirst = start > 0;
    String[] all = new String(bytes, StandardCharsets.UTF_8).split("\n", -1);
    int from = partialFirst ? 1 : 0;
    int to = all.length > 0 && all[all.length - 1].isEmpty() ? all.length - 1 : all.length;
    List<String> lines = new ArrayList<>();
    for (int i = from; i < to; i++) {
      if (grep == null || grep.matcher(all[i]).find()) {
        lines.add(all[i]);
      }
    }
    boolean truncated = partialFirst;
    if (query.tail() != null && lines.size() > query.tail()) {
      lines = new ArrayList<>(lines.subList(lines.size() - query.tail(), lines.size()));
      truncated = true;
    }
    List<String> kept = new ArrayList<>();
    int used = 0;
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i);
      if (used + line.length() + 1 > query.maxChars()) {
        if (kept.isEmpty()) {
          kept.add(line.substring(line.length() - query.maxChars()));
        }
        truncated = true;
        break;
      }
      kept.add(0, line);
      used += line.length() + 1;
    }
    return new LogChunk(kept, start + bytes.length, truncated);
  }

  private static Pattern compile(String grep) {
    if (grep == null || grep.isEmpty()) {
      return null;
    }
    try {
      return Pattern.compile(grep);
    } catch (PatternSyntaxException e) {
      return Pattern.compile(Pattern.quote(grep));
    }
  }
}
