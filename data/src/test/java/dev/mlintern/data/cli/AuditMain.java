package dev.mlintern.data.cli;

import dev.mlintern.core.config.Settings;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * Entry point for the child JVM of {@link BoundedMemoryTest}: {@code mlintern data ARGS} with
 * default settings.
 */
public final class AuditMain {
  private AuditMain() {}

  public static void main(String[] args) {
    Settings settings =
        Settings.of(
            Path.of(System.getProperty("java.io.tmpdir")),
            Map.of(
                "MLINTERN_DATA_SCRATCH",
                System.getProperty("scratch", System.getProperty("java.io.tmpdir"))));
    System.exit(new CommandLine(new DataCommand(settings)).execute(args));
  }
}
