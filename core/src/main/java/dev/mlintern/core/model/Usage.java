package dev.mlintern.core.model;

/**
 * Token usage of one model call. {@code inputTokens} excludes cached tokens (Anthropic's
 * convention); the whole prompt is {@link #promptTokens()}.
 */
public record Usage(
    long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens) {
  public static final Usage ZERO = new Usage(0, 0, 0, 0);

  public long promptTokens() {
    return inputTokens + cacheReadTokens + cacheWriteTokens;
  }

  public Usage plus(Usage other) {
    return new Usage(
        inputTokens + other.inputTokens,
        outputTokens + other.outputTokens,
        cacheReadTokens + other.cacheReadTokens,
        cacheWriteTokens + other.cacheWriteTokens);
  }
}
