package dev.mlintern.app;

import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.RetryingChatModel;
import dev.mlintern.models.ModelFactory;
import dev.mlintern.models.ModelSpec;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Turns a model spec into a ready ChatModel: provider adapters from {@code models} wrapped in the
 * one retry policy, or the embedded autopilot. With no spec: Anthropic when its key is set,
 * otherwise the autopilot.
 */
final class ModelResolver {
  private final Settings settings;
  private final ModelFactory factory;
  private final Supplier<ChatModel> autopilot;

  ModelResolver(Settings settings, ModelFactory factory, Supplier<ChatModel> autopilot) {
    this.settings = settings;
    this.factory = factory;
    this.autopilot = autopilot;
  }

  ModelSpec spec(Optional<String> requested) {
    return ModelSpec.resolve(requested, settings.secrets());
  }

  ChatModel resolve(Optional<String> requested) {
    ModelSpec spec = spec(requested);
    if (spec.isAutopilot()) {
      return autopilot.get();
    }
    return new RetryingChatModel(factory.create(spec));
  }
}
