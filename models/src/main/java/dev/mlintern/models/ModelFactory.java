package dev.mlintern.models;

import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.models.anthropic.AnthropicChatModel;
import dev.mlintern.models.http.ModelHttp;
import dev.mlintern.models.openai.OpenAiChatModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Builds the {@link ChatModel} for a {@link ModelSpec} from {@link Settings}: keys by name from
 * {@code settings.secrets()} ({@code ANTHROPIC_API_KEY}, {@code OPENAI_API_KEY}, {@code HF_TOKEN}),
 * base URLs from {@code ANTHROPIC_BASE_URL}, {@code OPENAI_BASE_URL}, {@code
 * MLINTERN_HF_ROUTER_URL} and {@code OLLAMA_HOST}, so tests and air-gapped users can point every
 * provider anywhere. Optional settings: {@code MLINTERN_CONTEXT_WINDOW} (tokens), {@code
 * MLINTERN_PROMPT_CACHING} (default true), {@code MLINTERN_THINKING_BUDGET} (tokens, Anthropic;
 * default {@value #DEFAULT_THINKING_BUDGET} for Claude models with extended thinking, 0 turns it
 * off), {@code MLINTERN_COUNT_TOKENS_API} (Anthropic's count_tokens instead of the estimate).
 * {@code autopilot} is not built here: it lives in its own module, so {@code app} checks {@link
 * ModelSpec#isAutopilot()} first.
 */
public final class ModelFactory {

  /**
   * Thinking tokens per call for Claude models that think, unless MLINTERN_THINKING_BUDGET says.
   */
  public static final int DEFAULT_THINKING_BUDGET = 8192;

  private static final Pattern THINKING_MODELS =
      Pattern.compile("claude-(3-7-sonnet|sonnet-4|opus-4|haiku-4).*");

  private final Settings settings;
  private final HttpClient client;
  private final ContextWindows windows;

  public ModelFactory(Settings settings, HttpClient client, ContextWindows windows) {
    this.settings = settings;
    this.client = client;
    this.windows = windows;
  }

  public static ModelFactory fromSettings(Settings settings) {
    return new ModelFactory(settings, ModelHttp.defaultClient(), ContextWindows.defaults());
  }

  public ChatModel create(String spec) {
    return create(ModelSpec.parse(spec));
  }

  /**
   * Extended thinking by default for the Claude models that have it (3.7 Sonnet and the 4 family).
   */
  static int defaultThinking(ModelSpec spec) {
    return THINKING_MODELS.matcher(spec.model()).matches() ? DEFAULT_THINKING_BUDGET : 0;
  }

  public ChatModel create(ModelSpec spec) {
    int window = intSetting("MLINTERN_CONTEXT_WINDOW").orElse(windows.of(spec));
    String url = baseUrl(spec);
    return switch (spec.provider()) {
      case ANTHROPIC ->
          new AnthropicChatModel(
              client,
              url,
              key(spec, "ANTHROPIC_API_KEY"),
              spec.model(),
              AnthropicChatModel.Options.defaults(spec.model())
                  .withName(spec.spec())
                  .withContextWindow(window)
                  .withPromptCaching(flag("MLINTERN_PROMPT_CACHING", true))
                  .withThinkingBudget(
                      intSetting("MLINTERN_THINKING_BUDGET").orElse(defaultThinking(spec)))
                  .withCountTokensViaApi(flag("MLINTERN_COUNT_TOKENS_API", false)));
      case OPENAI ->
          new OpenAiChatModel(
              client,
              url,
              key(spec, "OPENAI_API_KEY"),
              spec.model(),
              openAiOptions(spec, "openai", window).withMaxTokensField("max_completion_tokens"));
      case HF ->
          new OpenAiChatModel(
              client,
              url,
              key(spec, "HF_TOKEN"),
              spec.model(),
              openAiOptions(spec, "hf-router", window));
      case OLLAMA ->
          new OpenAiChatModel(
              client, url, null, spec.model(), openAiOptions(spec, "ollama", window));
      case OPENAI_COMPATIBLE ->
          new OpenAiChatModel(
              client,
              url,
              settings.secrets().value("OPENAI_API_KEY").orElse(null),
              spec.model(),
              openAiOptions(spec, "openai-compatible", window));
      case AUTOPILOT ->
          throw new ModelConfigException(
              "autopilot is the offline brain built by app, not by ModelFactory; check ModelSpec.isAutopilot() first");
    };
  }

  /** Where a spec's calls go, after settings are applied; {@code doctor} shows it, never a key. */
  public String baseUrl(ModelSpec spec) {
    return switch (spec.provider()) {
      case ANTHROPIC -> url(settings.endpoints().anthropic());
      case OPENAI -> url(settings.endpoints().openai());
      case HF -> url(settings.endpoints().hfRouter());
      case OLLAMA -> ollamaUrl(settings.endpoints().ollama());
      case OPENAI_COMPATIBLE -> url(spec.baseUrl().replaceFirst("/chat/completions/?$", ""));
      case AUTOPILOT -> "";
    };
  }

  private static OpenAiChatModel.Options openAiOptions(
      ModelSpec spec, String provider, int window) {
    return OpenAiChatModel.Options.defaults(spec.spec())
        .withProvider(provider)
        .withContextWindow(window);
  }

  private String key(ModelSpec spec, String name) {
    return settings
        .secrets()
        .value(name)
        .orElseThrow(
            () ->
                new ModelConfigException(
                    spec.spec()
                        + " needs "
                        + name
                        + ": set it in the environment or in $MLINTERN_HOME/config.toml"
                        + (spec.provider() == ModelSpec.Provider.ANTHROPIC
                            ? ", or pick another model with --model"
                            : "")));
  }

  /**
   * Ollama's own convention allows {@code host}, {@code host:port} or a URL; its OpenAI API is
   * under /v1.
   */
  static String ollamaUrl(String host) {
    String value = host.strip();
    if (!value.contains("://")) {
      value = "http://" + value;
    }
    URI uri = URI.create(url(value));
    String authority = uri.getPort() < 0 ? uri.getHost() + ":11434" : uri.getAuthority();
    String path = uri.getPath() == null ? "" : uri.getPath();
    if (!path.endsWith("/v1")) {
      path = path + "/v1";
    }
    return uri.getScheme() + "://" + authority + path;
  }

  private static String url(String value) {
    String trimmed = value.strip();
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      URI uri = URI.create(trimmed);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw new IllegalArgumentException("no scheme or host");
      }
    } catch (IllegalArgumentException e) {
      throw new ModelConfigException(
          "'"
              + value
              + "' is not a usable base URL ("
              + e.getMessage()
              + "); give it as http(s)://host[:port][/path]");
    }
    return trimmed;
  }

  private Optional<Integer> intSetting(String key) {
    return settings
        .get(key)
        .map(
            value -> {
              try {
                int parsed = Integer.parseInt(value.strip().replace("_", ""));
                if (parsed < 0) {
                  throw new NumberFormatException();
                }
                return parsed;
              } catch (NumberFormatException e) {
                throw new ModelConfigException(
                    key + " must be a whole number of tokens, was '" + value + "'");
              }
            });
  }

  private boolean flag(String key, boolean fallback) {
    return settings
        .get(key)
        .map(v -> v.strip().equalsIgnoreCase("true") || v.strip().equals("1"))
        .orElse(fallback);
  }
}
