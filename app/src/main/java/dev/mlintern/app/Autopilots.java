package dev.mlintern.app;

import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import java.util.function.Supplier;

/** Builds the embedded offline brain for the {@code autopilot} model spec. */
final class Autopilots {
  private Autopilots() {}

  static Supplier<ChatModel> factory(Settings settings) {
    return () -> dev.mlintern.autopilot.AutopilotModel.fromSettings(settings);
  }
}
