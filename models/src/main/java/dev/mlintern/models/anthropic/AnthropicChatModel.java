package dev.mlintern.models.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.StreamListener;
import dev.mlintern.core.model.TokenEstimate;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.models.http.ModelHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Claude through the Anthropic Messages API ({@code POST /v1/messages}), wire format owned here:
 * tool use and parallel tool calls, streaming with partial tool JSON, cache-token usage, prompt
 * caching, and thinking blocks carried in {@code reasoning} and sent back unchanged. Every failure
 * is a {@link ModelException}; nothing is retried here (core's {@code RetryingChatModel} does
 * that). The key goes into the {@code x-api-key} header and nowhere else: not into messages, {@link
 * #toString()} or logs.
 */
public final class AnthropicChatModel implements ChatModel {
  static final String API_VERSION = "2023-06-01";

  /**
   * Tuning that has sensible defaults. {@code thinkingBudget} 0 leaves extended thinking off;
   * {@code countTokensViaApi} asks {@code /v1/messages/count_tokens} instead of estimating (falls
   * back to the estimate if that call fails).
   */
  public record Options(
      String name,
      int contextWindow,
      boolean promptCaching,
      int thinkingBudget,
      boolean countTokensViaApi,
      Duration timeout,
      Clock clock) {
    public Options {
      if (contextWindow <= 0) {
        throw new IllegalArgumentException("contextWindow must be positive, was " + contextWindow);
      }
      timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
      clock = clock == null ? Clock.systemUTC() : clock;
    }

    public static Options defaults(String model) {
      return new Options(
          "anthropic:" + model, 200_000, true, 0, false, Duration.ofMinutes(10), Clock.systemUTC());
    }

    public Options withName(String value) {
      return new Options(
          value, contextWindow, promptCaching, thinkingBudget, countTokensViaApi, timeout, clock);
    }

    public Options withContextWindow(int value) {
      return new Options(
          name, value, promptCaching, thinkingBudget, countTokensViaApi, timeout, clock);
    }

    public Options withPromptCaching(boolean value) {
      return new Options(
          name, contextWindow, value, thinkingBudget, countTokensViaApi, timeout, clock);
    }

    public Options withThinkingBudget(int value) {
      return new Options(
          name, contextWindow, promptCaching, value, countTokensViaApi, timeout, clock);
    }

    public Options withCountTokensViaApi(boolean value) {
      return new Options(name, contextWindow, promptCaching, thinkingBudget, value, timeout, clock);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI messagesUri;
  private final URI countTokensUri;
  private final Map<String, String> headers;
  private final Options options;
  private final ModelHttp http;
  private final AnthropicRequests requests;

  /** {@code apiKey} may be null or blank for a local server that needs none. */
  public AnthropicChatModel(
      HttpClient client, String baseUrl, String apiKey, String model, Options options) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.messagesUri = URI.create(base + "/v1/messages");
    this.countTokensUri = URI.create(base + "/v1/messages/count_tokens");
    this.headers =
        apiKey == null || apiKey.isBlank()
            ? Map.of("anthropic-version", API_VERSION)
            : Map.of("x-api-key", apiKey, "anthropic-version", API_VERSION);
    this.options = options;
    Secrets keys =
        apiKey == null ? Secrets.none() : Secrets.of(Map.of("ANTHROPIC_API_KEY", apiKey));
    this.http = new ModelHttp(client, "anthropic", keys, options.timeout(), options.clock());
    this.requests = new AnthropicRequests(JSON, model, options);
  }

  @Override
  public ChatResponse generate(ChatRequest request) {
    String body = requests.messagesBody(request, false).toString();
    String text = http.readAll(messagesUri, http.post(messagesUri, headers, body));
    try {
      return AnthropicResponses.parse(JSON.readTree(text));
    } catch (IOException | RuntimeException e) {
      throw http.errors().malformed("not a Messages API message", text, e, http::redact);
    }
  }

  @Override
  public ChatResponse stream(ChatRequest request, StreamListener listener) {
    String body = requests.messagesBody(request, true).toString();
    AnthropicStream stream = new AnthropicStream(JSON, listener);
    http.stream(
        messagesUri,
        headers,
        body,
        event -> {
          JsonNode data;
          try {
            data = JSON.readTree(event.data());
          } catch (IOException e) {
            throw http.errors()
                .malformed(
                    "event " + event.event() + " is not JSON", event.data(), e, http::redact);
          }
          stream.accept(event.event(), data);
          return !event.event().equals("message_stop");
        });
    if (!stream.complete()) {
      throw new ModelException(
          ModelException.Kind.TRANSIENT,
          "anthropic stream ended before message_stop; the connection was cut");
    }
    return stream.response();
  }

  @Override
  public long countTokens(ChatRequest request) {
    if (!options.countTokensViaApi()) {
      return TokenEstimate.of(request);
    }
    try {
      ObjectNode body = requests.countTokensBody(request);
      String text =
          http.readAll(countTokensUri, http.post(countTokensUri, headers, body.toString()));
      JsonNode tokens = JSON.readTree(text).get("input_tokens");
      return tokens != null && tokens.canConvertToLong()
          ? tokens.asLong()
          : TokenEstimate.of(request);
    } catch (IOException | ModelException e) {
      return TokenEstimate.of(request);
    }
  }

  @Override
  public String name() {
    return options.name();
  }

  @Override
  public int contextWindow() {
    return options.contextWindow();
  }

  @Override
  public String toString() {
    return "AnthropicChatModel["
        + options.name()
        + " at "
        + messagesUri.getScheme()
        + "://"
        + messagesUri.getAuthority()
        + "]";
  }
}
