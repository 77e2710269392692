package dev.mlintern.lookup;

/**
 * A window of a long text sized for the model's context, with a line saying how to read on. Every
 * look-up tool that returns page or file text cuts it with this, so "call again with offset=N"
 * means the same everywhere.
 */
public record Excerpt(String text, int offset, int total, int next) {
  public static final int MAX_CHARS = 12_000;

  public static Excerpt of(String text, Integer offset, int maxChars) {
    int start = offset == null ? 0 : Math.max(0, Math.min(offset, text.length()));
    int end = Math.min(text.length(), start + maxChars);
    return new Excerpt(text.substring(start, end), start, text.length(), end);
  }

  public boolean more() {
    return next < total;
  }

  /** "characters 0–12000 of 48210", for the line above the text. */
  public String range() {
    return "characters " + offset + "–" + next + " of " + total;
  }

  /** The text, followed by where to continue when it was cut. */
  public String withContinuation() {
    return more()
        ? text + "\n[… " + (total - next) + " more characters; call again with offset=" + next + "]"
        : text;
  }
}
