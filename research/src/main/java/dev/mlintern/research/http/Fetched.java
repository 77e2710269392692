package dev.mlintern.research.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.research.ResearchException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** A response body as a client sees it, from the network or the cache. */
public record Fetched(
    int status, String contentType, byte[] body, Origin origin, Instant fetchedAt) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }

  /**
   * The body as JSON; a body that is not JSON means {@code service} misbehaved, which is worth a
   * retry later.
   */
  public JsonNode json(String service) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new ResearchException(
          ResearchException.Kind.UNAVAILABLE,
          service + " sent a body that is not JSON; try again later",
          e);
    }
  }

  /**
   * The message of a JSON error body ({@code {"error": …}} or {@code {"message": …}}), or "no
   * detail".
   */
  public String errorMessage() {
    try {
      JsonNode node = JSON.readTree(body);
      return node.path("error").asText(node.path("message").asText("no detail"));
    } catch (IOException | RuntimeException e) {
      return "no detail";
    }
  }

  /**
   * This answer when it succeeded; else the failure it stands for, once the caller has explained a
   * 404 its own way: a 400 is a malformed request ({@code BAD_REQUEST}), anything else leaves
   * {@code service} unavailable, with {@code what} was asked and the server's message.
   */
  public Fetched orRefused(String service, String what) {
    if (ok()) {
      return this;
    }
    throw new ResearchException(
        status == 400 ? ResearchException.Kind.BAD_REQUEST : ResearchException.Kind.UNAVAILABLE,
        service
            + " refused the request for "
            + what
            + " (HTTP "
            + status
            + ": "
            + errorMessage()
            + ")");
  }
}
