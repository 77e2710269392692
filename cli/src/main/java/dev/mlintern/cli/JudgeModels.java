package dev.mlintern.cli;

import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.Usage;
import dev.mlintern.data.cli.DataCommand;
import dev.mlintern.models.ModelFactory;
import dev.mlintern.models.ModelSpec;
import dev.mlintern.models.PriceList;

/** The judge models of {@code mlintern data judge}: any model spec, priced by the price list. */
final class JudgeModels implements DataCommand.Judges {
  private final Settings settings;
  private final PriceList prices = PriceList.defaults();

  JudgeModels(Settings settings) {
    this.settings = settings;
  }

  @Override
  public ChatModel create(String spec) {
    return ModelFactory.fromSettings(settings).create(spec);
  }

  @Override
  public double costUsd(String spec, Usage usage) {
    return prices.cost(ModelSpec.parse(spec), usage).usd();
  }
}
