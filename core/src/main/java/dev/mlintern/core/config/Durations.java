package dev.mlintern.core.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar for durations people write, for job timeouts and session budgets alike: a number
 * of seconds ({@code 90}), or parts with units {@code s}, {@code m}, {@code h}, {@code d} that may
 * be decimal and combined ({@code 30m}, {@code 1.5h}, {@code 1h30m}, {@code 2d}). Rounded to whole
 * seconds.
 */
public final class Durations {
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)([smhd])");
  private static final Pattern SECONDS = Pattern.compile("\\d+(?:\\.\\d+)?");

  private Durations() {}

  /**
   * The duration {@code text} names; an IllegalArgumentException saying what to write when it names
   * none.
   */
  public static Duration parse(String text) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (SECONDS.matcher(value).matches()) {
      return Duration.ofSeconds(Math.round(Double.parseDouble(value)));
    }
    Matcher part = PART.matcher(value);
    double seconds = 0;
    int end = 0;
    while (part.find() && part.start() == end) {
      seconds += Double.parseDouble(part.group(1)) * unitSeconds(part.group(2).charAt(0));
      end = part.end();
    }
    if (end == 0 || end != value.length()) {
      throw new IllegalArgumentException(
          "cannot read duration '" + text + "'; write it like 90s, 30m, 1h30m, 1.5h or 2d");
    }
    return Duration.ofSeconds(Math.round(seconds));
  }

  private static long unitSeconds(char unit) {
    return switch (unit) {
      case 's' -> 1;
      case 'm' -> 60;
      case 'h' -> 3600;
      default -> 86400;
    };
  }
}
