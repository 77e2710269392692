package dev.mlintern.core.tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads a tool's description from the resource {@code tools/<name>.md} beside the tool's class
 * loader.
 */
public final class ToolDescriptions {
  private ToolDescriptions() {}

  public static String load(Class<?> owner, String toolName) {
    String resource = "tools/" + toolName + ".md";
    try (InputStream in = owner.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing tool description resource " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
