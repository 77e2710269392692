package dev.mlintern.app;

import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import java.util.function.Supplier;

/** Builds the embedded offline brain for the {@code autopilot} model spec. */
final class Autopilots {
  private Autopilots() {}

  static Supplier<ChatModel> factory(Settings settings) {
    return () -> {
      throw new IllegalStateException("the autopilot is not part of this build yet; pass --model with a provider spec");
    };
  }
}
