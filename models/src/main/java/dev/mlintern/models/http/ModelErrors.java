package dev.mlintern.models.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.ModelException.Kind;
import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns a provider's failed HTTP answer into a {@link ModelException} of the right kind. One table
 * for both wire formats, because their error bodies differ only in envelope: Anthropic's {@code
 * {"type":"error","error":{"type","message"}}}, OpenAI's {@code
 * {"error":{"message","type","code"}}}, the HF router's {@code {"error":"text","error_type":…}},
 * {@code {"message":…}}, {@code {"detail":…}} or plain text. The retry decision itself lives in
 * core's {@code RetryingChatModel}; this class only names the cause and passes on {@code
 * retry-after}.
 */
public final class ModelErrors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 600;
  private static final Pattern CONTEXT_TOO_LONG =
      Pattern.compile(
          "(?i)prompt is too long|context[ _-]?(length|window|size)|maximum context|too many (input )?tokens"
              + "|input is too long|exceeds? the (available )?context|reduce the length of the messages");

  private final String provider;
  private final Clock clock;

  public ModelErrors(String provider, Clock clock) {
    this.provider = provider;
    this.clock = clock;
  }

  /** What a provider said went wrong, pulled out of whatever envelope it used. */
  record Detail(String type, String code, String message, String requestId) {}

  /**
   * The exception for a non-2xx answer. {@code redact} removes the key should the server echo it
   * back.
   */
  public ModelException fromHttp(int status, HttpHeaders headers, String body, Redactor redact) {
    Detail detail = parse(body);
    String requestId =
        detail.requestId() != null
            ? detail.requestId()
            : headers
                .firstValue("request-id")
                .or(() -> headers.firstValue("x-request-id"))
                .orElse(null);
    Kind kind = kindFor(status, detail);
    StringBuilder message = new StringBuilder(provider).append(" HTTP ").append(status);
    if (!detail.type().isEmpty()) {
      message.append(' ').append(detail.type());
    }
    message.append(": ").append(detail.message().isEmpty() ? "(no message)" : detail.message());
    if (requestId != null) {
      message.append(" (request ").append(requestId).append(')');
    }
    if (status >= 300 && status < 400) {
      message
          .append(" (redirected to ")
          .append(headers.firstValue("location").orElse("?"))
          .append("; point the base URL there, keys are never sent across a redirect)");
    }
    return new ModelException(
        kind, redact.apply(clip(message.toString())), retryAfter(headers).orElse(null), null);
  }

  /** The exception for an {@code error} event that arrives inside a stream after an HTTP 200. */
  public ModelException fromStreamError(String data, Redactor redact) {
    Detail detail = parse(data);
    Kind kind;
    String type = detail.type().toLowerCase();
    if (type.contains("overloaded") || detail.message().toLowerCase().contains("overloaded")) {
      kind = Kind.OVERLOADED;
    } else if (type.contains("rate_limit")) {
      kind = Kind.RATE_LIMITED;
    } else if (type.contains("invalid_request")) {
      kind =
          CONTEXT_TOO_LONG.matcher(detail.message()).find()
              ? Kind.CONTEXT_TOO_LONG
              : Kind.BAD_REQUEST;
    } else if (type.contains("authentication") || type.contains("permission")) {
      kind = Kind.UNAUTHORIZED;
    } else {
      kind = Kind.SERVER_ERROR;
    }
    String message =
        provider
            + " stream error"
            + (type.isEmpty() ? "" : " " + detail.type())
            + ": "
            + (detail.message().isEmpty() ? "(no message)" : detail.message());
    return new ModelException(kind, redact.apply(clip(message)));
  }

  /** A 2xx answer whose body we cannot read as the provider's format. */
  public ModelException malformed(String what, String body, Throwable cause, Redactor redact) {
    String sample = body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    return new ModelException(
        Kind.MALFORMED_RESPONSE,
        redact.apply(provider + " sent a response we cannot parse (" + what + "): " + sample),
        null,
        cause);
  }

  static Kind kindFor(int status, Detail detail) {
    String type = detail.type().toLowerCase();
    String code = detail.code().toLowerCase();
    boolean contextTooLong =
        code.contains("context_length") || CONTEXT_TOO_LONG.matcher(detail.message()).find();
    if (status == 529 || type.contains("overloaded")) {
      return Kind.OVERLOADED;
    }
    if (status == 401 || status == 403 || status == 402) {
      return Kind.UNAUTHORIZED;
    }
    if (status == 429) {
      return Kind.RATE_LIMITED;
    }
    if (status == 413 || (status >= 400 && status < 500 && contextTooLong)) {
      return Kind.CONTEXT_TOO_LONG;
    }
    if (status == 408 || status == 409) {
      return Kind.TRANSIENT;
    }
    if (status == 503 && detail.message().toLowerCase().contains("overloaded")) {
      return Kind.OVERLOADED;
    }
    if (status >= 500) {
      return Kind.SERVER_ERROR;
    }
    return Kind.BAD_REQUEST;
  }

  static Detail parse(String body) {
    String text = body == null ? "" : body.strip();
    JsonNode root;
    try {
      root = text.isEmpty() ? null : JSON.readTree(text);
    } catch (Exception e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      return new Detail("", "", text, null);
    }
    String requestId = textOf(root.get("request_id"));
    JsonNode error = root.get("error");
    if (error != null && error.isObject()) {
      return new Detail(
          textOf(error.get("type")),
          textOf(error.get("code")),
          firstNonEmpty(textOf(error.get("message")), error.toString()),
          requestId);
    }
    if (error != null && error.isTextual()) {
      return new Detail(
          textOf(root.get("error_type")), textOf(root.get("code")), error.asText(), requestId);
    }
    String message = firstNonEmpty(textOf(root.get("message")), textOf(root.get("detail")), text);
    return new Detail(textOf(root.get("type")), textOf(root.get("code")), message, requestId);
  }

  /** {@code retry-after-ms}, then {@code retry-after} as seconds or an HTTP date. */
  Optional<Duration> retryAfter(HttpHeaders headers) {
    Optional<String> millis = headers.firstValue("retry-after-ms");
    if (millis.isPresent()) {
      try {
        return Optional.of(Duration.ofMillis((long) Double.parseDouble(millis.get().strip())));
      } catch (NumberFormatException ignored) {
        // fall through to retry-after
      }
    }
    Optional<String> value = headers.firstValue("retry-after");
    if (value.isEmpty()) {
      return Optional.empty();
    }
    String raw = value.get().strip();
    try {
      return Optional.of(Duration.ofMillis((long) (Double.parseDouble(raw) * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(raw, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration wait = Duration.between(clock.instant(), at.toInstant());
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
      } catch (RuntimeException notDate) {
        return Optional.empty();
      }
    }
  }

  private static String textOf(JsonNode node) {
    return node == null || node.isNull()
        ? ""
        : node.isValueNode() ? node.asText() : node.toString();
  }

  private static String firstNonEmpty(String... values) {
    for (String value : values) {
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return "";
  }

  private static String clip(String message) {
    return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "…" : message;
  }

  /** Removes secrets from text before it goes into an exception message. */
  @FunctionalInterface
  public interface Redactor {
    String apply(String text);
  }
}
