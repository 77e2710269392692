package dev.mlintern.models;

import dev.mlintern.core.model.Usage;
import java.util.Map;
import java.util.Optional;

/**
 * List prices of current Claude and GPT models in USD per million tokens, turning a call's {@link
 * Usage} into dollars for the session budget. Models it does not know (local servers, the HF
 * router, whose price depends on the provider it picks) cost 0 and come back marked unpriced, so a
 * budget can say it is not counting them. Prices as published by Anthropic and OpenAI in late 2025;
 * Anthropic's cache writes are the 5-minute rate.
 */
public final class PriceList {
  /** USD per million tokens. */
  public record Price(double input, double output, double cacheRead, double cacheWrite) {
    /** What {@code usage} costs at this price. */
    public double usd(Usage usage) {
      return (usage.inputTokens() * input
              + usage.outputTokens() * output
              + usage.cacheReadTokens() * cacheRead
              + usage.cacheWriteTokens() * cacheWrite)
          / 1_000_000.0;
    }
  }

  /**
   * The dollars a call cost; {@code priced} is false when the model has no known price and {@code
   * usd} is 0.
   */
  public record Cost(double usd, boolean priced) {
    public static final Cost UNPRICED = new Cost(0, false);
  }

  private static final Map<String, Price> LIST =
      Map.ofEntries(
          Map.entry("claude-opus-4-5", new Price(5, 25, 0.50, 6.25)),
          Map.entry("claude-opus-4-1", new Price(15, 75, 1.50, 18.75)),
          Map.entry("claude-opus-4", new Price(15, 75, 1.50, 18.75)),
          Map.entry("claude-sonnet-4-5", new Price(3, 15, 0.30, 3.75)),
          Map.entry("claude-sonnet-4", new Price(3, 15, 0.30, 3.75)),
          Map.entry("claude-3-7-sonnet", new Price(3, 15, 0.30, 3.75)),
          Map.entry("claude-haiku-4-5", new Price(1, 5, 0.10, 1.25)),
          Map.entry("claude-3-5-haiku", new Price(0.80, 4, 0.08, 1.00)),
          Map.entry("gpt-5", new Price(1.25, 10, 0.125, 1.25)),
          Map.entry("gpt-5-mini", new Price(0.25, 2, 0.025, 0.25)),
          Map.entry("gpt-5-nano", new Price(0.05, 0.40, 0.005, 0.05)),
          Map.entry("gpt-4.1", new Price(2, 8, 0.50, 2)),
          Map.entry("gpt-4.1-mini", new Price(0.40, 1.60, 0.10, 0.40)),
          Map.entry("gpt-4.1-nano", new Price(0.10, 0.40, 0.025, 0.10)),
          Map.entry("gpt-4o", new Price(2.50, 10, 1.25, 2.50)),
          Map.entry("gpt-4o-mini", new Price(0.15, 0.60, 0.075, 0.15)),
          Map.entry("o3", new Price(2, 8, 0.50, 2)),
          Map.entry("o3-mini", new Price(1.10, 4.40, 0.55, 1.10)),
          Map.entry("o4-mini", new Price(1.10, 4.40, 0.275, 1.10)));

  private final ModelTable<Price> table;

  private PriceList(ModelTable<Price> table) {
    this.table = table;
  }

  public static PriceList defaults() {
    return new PriceList(new ModelTable<>(LIST));
  }

  /** A copy with one more (or a corrected) price, e.g. for a negotiated rate or a new model. */
  public PriceList with(String modelPrefix, Price price) {
    return new PriceList(table.with(modelPrefix, price));
  }

  /** The list price of a spec's model; only Anthropic and OpenAI specs are priced. */
  public Optional<Price> priceOf(ModelSpec spec) {
    if (spec.provider() != ModelSpec.Provider.ANTHROPIC
        && spec.provider() != ModelSpec.Provider.OPENAI) {
      return Optional.empty();
    }
    return table.find(spec.model());
  }

  public Cost cost(ModelSpec spec, Usage usage) {
    return priceOf(spec).map(price -> new Cost(price.usd(usage), true)).orElse(Cost.UNPRICED);
  }
}
