package dev.mlintern.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.mlintern.core.model.Usage;
import org.junit.jupiter.api.Test;

class PriceListTest {
  private final PriceList pricing = PriceList.defaults();

  @Test
  void pricesAClaudeCallIncludingCacheReadsAndWrites() {
    Usage usage = new Usage(412, 87, 18_944, 2_000);

    PriceList.Cost cost = pricing.cost(ModelSpec.parse("anthropic:claude-sonnet-4-5"), usage);

    double expected = (412 * 3 + 87 * 15 + 18_944 * 0.30 + 2_000 * 3.75) / 1e6;
    assertThat(cost.priced()).isTrue();
    assertThat(cost.usd()).isCloseTo(expected, within(1e-12));
  }

  @Test
  void findsDatedModelIdsByFamilyAndTellsMiniFromFull() {
    Usage million = new Usage(1_000_000, 0, 0, 0);

    assertThat(pricing.cost(ModelSpec.parse("anthropic:claude-haiku-4-5-20251001"), million).usd())
        .isEqualTo(1.0);
    assertThat(pricing.cost(ModelSpec.parse("anthropic:claude-sonnet-4-20250514"), million).usd())
        .isEqualTo(3.0);
    assertThat(pricing.cost(ModelSpec.parse("anthropic:claude-opus-4-5"), million).usd())
        .isEqualTo(5.0);
    assertThat(pricing.cost(ModelSpec.parse("openai:gpt-4o-2024-08-06"), million).usd())
        .isEqualTo(2.5);
    assertThat(pricing.cost(ModelSpec.parse("openai:gpt-4o-mini"), million).usd()).isEqualTo(0.15);
    assertThat(pricing.cost(ModelSpec.parse("openai:gpt-5-mini"), million).usd()).isEqualTo(0.25);
  }

  @Test
  void leavesLocalRouterAndUnknownModelsUnpriced() {
    Usage usage = new Usage(5_000, 500, 0, 0);

    for (String spec :
        new String[] {
          "ollama:llama3.1:8b",
          "hf:moonshotai/Kimi-K2-Instruct:novita",
          "openai-compatible:qwen@http://localhost:8000/v1",
          "openai:some-future-model",
          "anthropic:claude-next"
        }) {
      assertThat(pricing.cost(ModelSpec.parse(spec), usage))
          .as(spec)
          .isEqualTo(PriceList.Cost.UNPRICED);
    }
  }

  @Test
  void acceptsAnExtraPrice() {
    PriceList custom = pricing.with("gpt-oss", new PriceList.Price(0.1, 0.5, 0, 0));

    assertThat(
            custom
                .cost(ModelSpec.parse("openai:gpt-oss-120b"), new Usage(0, 2_000_000, 0, 0))
                .usd())
        .isEqualTo(1.0);
  }
}
