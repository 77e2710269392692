package dev.mlintern.compute;

/**
 * Which part of a job's log to read: the last {@code tail} lines, or everything from byte {@code
 * sinceOffset}, keeping only lines matching {@code grep} (a regex), capped at {@code maxChars} so a
 * model's context survives a noisy job.
 */
public record LogQuery(Integer tail, Long sinceOffset, String grep, int maxChars) {
  public static final int DEFAULT_MAX_CHARS = 8_000;

  public LogQuery {
    if (maxChars <= 0) {
      maxChars = DEFAULT_MAX_CHARS;
    }
  }

  public static LogQuery tail(int lines) {
    return new LogQuery(lines, null, null, DEFAULT_MAX_CHARS);
  }

  public static LogQuery since(long offset) {
    return new LogQuery(null, offset, null, DEFAULT_MAX_CHARS);
  }
}
