package dev.mlintern.core;

import dev.mlintern.core.model.Usage;

/**
 * Turns one model call's token usage into US dollars for the USD budget. The {@code models} module
 * supplies the price table; {@link #FREE} fits local models, the autopilot and tests.
 */
@FunctionalInterface
public interface Pricing {
  double usd(String model, Usage usage);

  Pricing FREE = (model, usage) -> 0.0;

  /**
   * A flat price per million tokens, for tests and simple setups; cache reads cost a tenth of
   * input.
   */
  static Pricing perMillion(double inputUsd, double outputUsd) {
    return (model, usage) ->
        (usage.inputTokens() + usage.cacheWriteTokens() + usage.cacheReadTokens() * 0.1)
                * inputUsd
                / 1e6
            + usage.outputTokens() * outputUsd / 1e6;
  }
}
