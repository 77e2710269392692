package dev.mlintern.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A Python interpreter with nothing installed, as on a bare machine: a venv of Debian's python3
 * without pip or the system's site packages.
 */
public final class BarePython {
  private BarePython() {}

  /** Creates the venv in {@code folder} and returns its interpreter. */
  public static Path create(Path folder) {
    try {
      Process venv =
          new ProcessBuilder("/usr/bin/python3", "-m", "venv", "--without-pip", folder.toString())
              .inheritIO()
              .start();
      if (venv.waitFor() != 0) {
        throw new IllegalStateException("python3 -m venv " + folder + " failed");
      }
      return folder.resolve("bin/python");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
