package dev.mlintern.data.cli;

import dev.mlintern.core.config.Settings;
import dev.mlintern.data.DataException;
import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.hub.DatasetViewerClient;
import dev.mlintern.data.hub.HubCache;
import dev.mlintern.data.hub.HubClient;
import dev.mlintern.data.hub.HubDatasets;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * What the data and hub commands share: where the engine's scratch and the Hub cache live, how a
 * source argument (a path or {@code hf:id}) becomes a local path, and how failures become one line
 * on stderr and exit 1 — never a stack trace.
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

  static int run(PrintWriter err, Callable<Integer> body) {
    try {
      return body.call();
    } catch (DataException e) {
      err.println("error: " + e.getMessage());
    } catch (UncheckedIOException e) {
      err.println("error: " + e.getCause().getMessage());
    } catch (Exception e) {
      if (e instanceof RuntimeException r) {
        throw r;
      }
      err.println("error: " + e.getMessage());
    }
    err.flush();
    return 1;
  }
}
