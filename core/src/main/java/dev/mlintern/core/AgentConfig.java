package dev.mlintern.core;

import java.time.Duration;

/**
 * Limits and modes of an agent session, built from CLI flags or settings in {@code app}.
 *
 * @param maxIterations model calls per user turn before the turn ends ({@code --max-iterations},
 *     default 300)
 * @param maxOutputTokens output limit of each model call
 * @param tokenBudget model tokens (prompt + output) for the whole session; 0 means no limit
 * @param usdBudget US dollars for the whole session (model calls plus approved spending); 0 means
 *     no limit
 * @param timeBudget wall-clock time per user turn ({@code --time-budget}); null means no limit
 * @param compactThreshold fraction of the model's context window at which the conversation is
 *     compacted
 * @param keepRecentFraction fraction of the threshold kept verbatim as recent turns when compacting
 * @param maxToolResultChars longest tool result that enters the conversation whole; longer ones
 *     keep head and tail
 * @param autoApprove approve calls that would ask ({@code --yes}); cost caps and untrusted-content
 *     checks still apply
 */
public record AgentConfig(
    int maxIterations,
    int maxOutputTokens,
    long tokenBudget,
    double usdBudget,
    Duration timeBudget,
    double compactThreshold,
    double keepRecentFraction,
    int maxToolResultChars,
    boolean autoApprove) {

  public AgentConfig {
    if (maxIterations < 1 || maxOutputTokens < 1 || maxToolResultChars < 1000) {
      throw new IllegalArgumentException(
          "maxIterations and maxOutputTokens must be positive, maxToolResultChars >= 1000");
    }
    if (compactThreshold <= 0
        || compactThreshold > 1
        || keepRecentFraction <= 0
        || keepRecentFraction >= 1) {
      throw new IllegalArgumentException(
          "compactThreshold must be in (0, 1], keepRecentFraction in (0, 1)");
    }
    if (!Double.isFinite(usdBudget) || usdBudget < 0 || tokenBudget < 0) {
      throw new IllegalArgumentException(
          "the USD and token budgets must be finite and not negative (0 means no cap)");
    }
  }

  public static AgentConfig defaults() {
    return new AgentConfig(300, 8192, 0, 0, null, 0.9, 0.3, 40_000, false);
  }

  public AgentConfig withMaxIterations(int value) {
    return new AgentConfig(
        value,
        maxOutputTokens,
        tokenBudget,
        usdBudget,
        timeBudget,
        compactThreshold,
        keepRecentFraction,
        maxToolResultChars,
        autoApprove);
  }

  public AgentConfig withMaxOutputTokens(int value) {
    return new AgentConfig(
        maxIterations,
        value,
        tokenBudget,
        usdBudget,
        timeBudget,
        compactThreshold,
        keepRecentFraction,
        maxToolResultChars,
        autoApprove);
  }

  public AgentConfig withTokenBudget(long value) {
    return new AgentConfig(
        maxIterations,
        maxOutputTokens,
        value,
        usdBudget,
        timeBudget,
        compactThreshold,
        keepRecentFraction,
        maxToolResultChars,
        autoApprove);
  }

  public AgentConfig withUsdBudget(double value) {
    return new AgentConfig(
        maxIterations,
        maxOutputTokens,
        tokenBudget,
        value,
        timeBudget,
        compactThreshold,
        keepRecentFraction,
        maxToolResultChars,
        autoApprove);
  }

  public AgentConfig withTimeBudget(Duration value) {
    return new AgentConfig(
        maxIterations,
        maxOutputTokens,
        tokenBudget,
        usdBudget,
        value,
        compactThreshold,
        keepRecentFraction,
        maxToolResultChars,
        autoApprove);
  }

  public AgentConfig withCompactThreshold(double value) {
    return new AgentConfig(
        maxIterations,
        maxOutputTokens,
        tokenBudget,
        usdBudget,
        timeBudget,
        value,
        keepRecentFraction,
        maxToolResultChars,
        autoApprove);
  }

  public AgentConfig withKeepRecentFraction(double value) {
    return new AgentConfig(
        maxIterations,
        maxOutputTokens,
        tokenBudget,
        usdBudget,
        timeBudget,
        compactThreshold,
        value,
        maxToolResultChars,
        autoApprove);
  }

  public AgentConfig withMaxToolResultChars(int value) {
    return new AgentConfig(
        maxIterations,
        maxOutputTokens,
        tokenBudget,
        usdBudget,
        timeBudget,
        compactThreshold,
        keepRecentFraction,
        value,
        autoApprove);
  }

  public AgentConfig withAutoApprove(boolean value) {
    return new AgentConfig(
        maxIterations,
        maxOutputTokens,
        tokenBudget,
        usdBudget,
        timeBudget,
        compactThreshold,
        keepRecentFraction,
        maxToolResultChars,
        value);
  }
}
