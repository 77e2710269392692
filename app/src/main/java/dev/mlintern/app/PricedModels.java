package dev.mlintern.app;

import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.Usage;
import dev.mlintern.data.posttrain.ModelSource;
import dev.mlintern.models.ModelFactory;
import dev.mlintern.models.ModelSpec;
import dev.mlintern.models.PriceList;

/**
 * The models of the data tools ({@code data judge}, {@code data synthesize} and the dataset tool's
 * synthesize operation): any model spec, built by the model factory from settings (keys and base
 * URLs), priced by the price list.
 */
public final class PricedModels implements ModelSource {
  private final Settings settings;
  private final PriceList prices = PriceList.defaults();

  public PricedModels(Settings settings) {
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
