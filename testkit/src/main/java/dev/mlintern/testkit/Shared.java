package dev.mlintern.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the shared material (fixtures, bench tasks) that tests read in place: {@code
 * MLINTERN_SHARED}, else {@code ../shared} beside the repository root. Fails with a clear message
 * when it is absent.
 */
public final class Shared {
  private Shared() {}

  public static Path root() {
    String fromEnv = System.getenv("MLINTERN_SHARED");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return check(Path.of(fromEnv), "MLINTERN_SHARED=" + fromEnv);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.isDirectory(dir.resolve(".ci")) || Files.isRegularFile(dir.resolve("mlintern"))) {
        return check(dir.resolveSibling("shared"), "../shared beside " + dir);
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "shared material not found: set MLINTERN_SHARED to the folder holding fixtures/ and bench/");
  }

  public static Path fixtures() {
    return root().resolve("fixtures").resolve("api");
  }

  public static Path fixture(String name) {
    Path file = fixtures().resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("fixture " + name + " not found in " + fixtures());
    }
    return file;
  }

  public static Path benchTask(String name) {
    return root().resolve("bench").resolve("tasks").resolve(name);
  }

  private static Path check(Path path, String origin) {
    if (!Files.isDirectory(path.resolve("fixtures"))) {
      throw new IllegalStateException(
          "shared material not found at "
              + path.toAbsolutePath()
              + " (from "
              + origin
              + "): set MLINTERN_SHARED to the folder holding fixtures/ and bench/");
    }
    return path.toAbsolutePath().normalize();
  }
}
