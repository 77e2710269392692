package dev.mlintern.models.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.StreamListener;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.models.http.ModelHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Any server that speaks OpenAI Chat Completions ({@code POST {base}/chat/completions}): OpenAI,
 * the Hugging Face router, vLLM, Ollama's {@code /v1}, llama.cpp's server, LM Studio. Tools are
 * sent as functions; parallel tool calls and streamed tool-call deltas come back as core {@link
 * dev.mlintern.core.model.ToolCall}s. Every failure is a {@link ModelException}; nothing is retried
 * here. A key, when set, goes only into the {@code Authorization: Bearer} header.
 */
public final class OpenAiChatModel implements ChatModel {

  /**
   * {@code provider} labels error messages ("openai", "hf-router", "ollama"…). {@code
   * maxTokensField} is {@code max_completion_tokens} for OpenAI's own API (its newer models refuse
   * {@code max_tokens}) and {@code max_tokens} for everyone else. {@code streamUsage} asks for the
   * final usage chunk.
   */
  public record Options(
      String name,
      String provider,
      int contextWindow,
      String maxTokensField,
      boolean streamUsage,
      Duration timeout,
      Clock clock) {
    public Options {
      if (contextWindow <= 0) {
        throw new IllegalArgumentException("contextWindow must be positive, was " + contextWindow);
      }
      maxTokensField = maxTokensField == null ? "max_tokens" : maxTokensField;
      timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
      clock = clock == null ? Clock.systemUTC() : clock;
    }

    public static Options defaults(String name) {
      return new Options(
          name,
          "openai-compatible",
          128_000,
          "max_tokens",
          true,
          Duration.ofMinutes(10),
          Clock.systemUTC());
    }

    public Options withProvider(String value) {
      return new Options(name, value, contextWindow, maxTokensField, streamUsage, timeout, clock);
    }

    public Options withContextWindow(int value) {
      return new Options(name, provider, value, maxTokensField, streamUsage, timeout, clock);
    }

    public Options withMaxTokensField(String value) {
      return new Options(name, provider, contextWindow, value, streamUsage, timeout, clock);
    }

    public Options withStreamUsage(boolean value) {
      return new Options(name, provider, contextWindow, maxTokensField, value, timeout, clock);
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final URI completionsUri;
  private final Map<String, String> headers;
  private final Options options;
  private final ModelHttp http;
  private final OpenAiRequests requests;

  /**
   * {@code baseUrl} ends before {@code /chat/completions}, e.g. {@code https://api.openai.com/v1}.
   */
  public OpenAiChatModel(
      HttpClient client, String baseUrl, String apiKey, String model, Options options) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.completionsUri = URI.create(base + "/chat/completions");
    this.headers =
        apiKey == null || apiKey.isBlank() ? Map.of() : Map.of("authorization", "Bearer " + apiKey);
    this.options = options;
    Secrets keys = apiKey == null ? Secrets.none() : Secrets.of(Map.of("API_KEY", apiKey));
    this.http = new ModelHttp(client, options.provider(), keys, options.timeout(), options.clock());
    this.requests = new OpenAiRequests(JSON, model, options);
  }

  @Override
  public ChatResponse generate(ChatRequest request) {
    String body = requests.body(request, false).toString();
    String text = http.readAll(completionsUri, http.post(completionsUri, headers, body));
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (IOException e) {
      throw http.errors().malformed("not JSON", text, e, http::redact);
    }
    if (root != null && root.hasNonNull("error") && !root.has("choices")) {
      throw http.errors().fromStreamError(root.toString(), http::redact);
    }
    try {
      return OpenAiResponses.parse(root);
    } catch (RuntimeException e) {
      throw http.errors().malformed(e.getMessage(), text, e, http::redact);
    }
  }

  @Override
  public ChatResponse stream(ChatRequest request, StreamListener listener) {
    String body = requests.body(request, true).toString();
    OpenAiStream stream = new OpenAiStream(listener);
    http.stream(
        completionsUri,
        headers,
        body,
        event -> {
          String data = event.data().strip();
          if (data.equals("[DONE]")) {
            stream.done();
            return false;
          }
          try {
            stream.accept(JSON.readTree(data));
          } catch (IOException e) {
            throw http.errors().malformed("a stream chunk is not JSON", data, e, http::redact);
          }
          return true;
        });
    if (!stream.complete()) {
      throw new ModelException(
          ModelException.Kind.TRANSIENT,
          options.provider()
              + " stream ended before a finish reason or [DONE]; the connection was cut");
    }
    return stream.response();
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
    return "OpenAiChatModel["
        + options.name()
        + " at "
        + completionsUri.getScheme()
        + "://"
        + completionsUri.getAuthority()
        + "]";
  }
}
