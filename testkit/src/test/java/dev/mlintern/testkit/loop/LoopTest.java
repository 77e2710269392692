package dev.mlintern.testkit.loop;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Gives each loop test a fresh home folder with a store ({@link Harness}). */
abstract class LoopTest {
  @TempDir Path home;
  Harness h;

  @BeforeEach
  void openHarness() {
    h = new Harness(home);
  }

  @AfterEach
  void closeHarness() {
    h.close();
  }
}
