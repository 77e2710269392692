package dev.mlintern.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Wire samples written here (testkit {@code src/main/resources/standins/}) for cases the shared API
 * reference describes but whose real samples are held back: padded Anthropic streams, a stream cut
 * by {@code max_tokens} inside a tool call, OpenAI parallel tool-call streams, and HF router
 * provider variants (TGI's empty ids and null usage, Novita's extra fields, vLLM-style chunks).
 * They follow the reference's description, not a recording.
 */
public final class Standins {
  private Standins() {}

  public static String text(String name) {
    try (InputStream in = Standins.class.getResourceAsStream("/standins/" + name)) {
      if (in == null) {
        throw new IllegalStateException("stand-in " + name + " not found in testkit's standins/");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A response replaying the stand-in, with the content type its extension implies. */
  public static FixtureServer.Response response(int status, String name) {
    String type = name.endsWith(".sse") ? "text/event-stream; charset=utf-8" : "application/json";
    return new FixtureServer.Response(
        status, Map.of("Content-Type", type), text(name).getBytes(StandardCharsets.UTF_8));
  }
}
