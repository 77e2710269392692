package dev.mlintern.data.cli;

import dev.mlintern.core.config.Settings;
import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.hub.DatasetViewerClient;
import dev.mlintern.data.hub.HubCache;
import dev.mlintern.data.hub.HubClient;
import dev.mlintern.data.hub.HubDatasets;
import java.nio.file.Path;

/**
 * What the data and hub commands share: where the engine's scratch and the Hub cache live, and how
 * a source argument (a path or {@code hf:id}) becomes a local path. A failure is the module's
 * {@code DataException}, which the tree's {@code CommandErrors} prints as one line, exit 1.
 */
final class CommandSupport {
  private CommandSupport() {}

  static Path scratch(Settings settings) {
    return Path.of(settings.get("MLINTERN_DATA_SCRATCH", System.getProperty("java.io.tmpdir")));
  }

  static DataEngine engine(Settings settings) {
    return DataEngine.open(
        scratch(settings),
        settings.get("MLINTERN_DATA_MEMORY", "512MB"),
        Integer.parseInt(settings.get("MLINTERN_DATA_THREADS", "2")));
  }

  static Path cacheRoot(Settings settings) {
    Path home =
        settings.home() == null
            ? Path.of(System.getProperty("user.home"), ".mlintern")
            : settings.home();
    return home.resolve("cache").resolve("hub");
  }

  /** A local path as given, or a Hub dataset fetched into the cache. */
  static Path source(Settings settings, String source) {
    if (!HubDatasets.isHub(source)) {
      return Path.of(source);
    }
    HubClient hub = HubClient.fromSettings(settings);
    return new HubDatasets(
            DatasetViewerClient.fromSettings(settings), new HubCache(hub, cacheRoot(settings)))
        .fetch(source);
  }
}
