package dev.mlintern.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * How the pages write times and durations: local time to the second ({@code 2026-12-06 11:02:03})
 * and durations in their two largest units ({@code 1h 02m}, {@code 3m 05s}, {@code 12s}).
 */
final class Readable {
  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

  private Readable() {}

  static String time(Instant at) {
    return at == null ? "" : LOCAL.format(at);
  }

  /** The time from {@code start} to {@code end}, or to {@code now} while it runs. */
  static String duration(Instant start, Instant end, Instant now) {
    if (start == null) {
      return "";
    }
    Duration d = Duration.between(start, end == null ? now : end);
    long seconds = Math.max(0, d.getSeconds());
    if (seconds < 60) {
      return seconds + "s";
    }
    if (seconds < 3600) {
      return String.format("%dm %02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh %02dm", seconds / 3600, seconds % 3600 / 60);
  }

  /** Numbers written alike on every page: whole numbers as such, others to four decimals. */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e9) {
      return Long.toString((long) value);
    }
    double size = Math.abs(value);
    return size >= 0.001 && size < 1e6
        ? String.format(java.util.Locale.ROOT, "%.4f", value)
        : String.format(java.util.Locale.ROOT, "%.4g", value);
  }
}
