package dev.mlintern.data.posttrain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The prompt templates of this package, read from {@code /posttrain/NAME.md} once per user. */
final class Prompts {
  private Prompts() {}

  static String load(String name) {
    try (InputStream in = Prompts.class.getResourceAsStream("/posttrain/" + name + ".md")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
