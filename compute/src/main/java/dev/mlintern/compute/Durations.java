package dev.mlintern.compute;

import java.time.Duration;

/**
 * Reads durations as people and the HF CLI write them: {@code 90}, {@code 90s}, {@code 30m}, {@code
 * 2h}, {@code 1d}.
 */
public final class Durations {
  private Durations() {}

  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      char unit = t.charAt(t.length() - 1);
      if (Character.isDigit(unit)) {
        return Duration.ofSeconds(Math.round(Double.parseDouble(t)));
      }
      double n = Double.parseDouble(t.substring(0, t.length() - 1));
      long seconds =
          switch (unit) {
            case 's' -> Math.round(n);
            case 'm' -> Math.round(n * 60);
            case 'h' -> Math.round(n * 3600);
            case 'd' -> Math.round(n * 86400);
            default -> throw new NumberFormatException();
          };
      if (seconds <= 0) {
        throw new NumberFormatException();
      }
      return Duration.ofSeconds(seconds);
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      throw new JobException(
          JobException.Kind.INVALID,
          "cannot read duration '" + text + "'; write it like 90s, 30m, 2h or 1d");
    }
  }
}
