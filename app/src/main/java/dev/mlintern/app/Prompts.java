package dev.mlintern.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The system prompt and other long texts the engine sends, kept as resources under {@code
 * prompts/}.
 */
final class Prompts {
  private static final String SYSTEM = load("prompts/system.md");

  private Prompts() {}

  static String system() {
    return SYSTEM;
  }

  static String load(String resource) {
    try (InputStream in = Prompts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
