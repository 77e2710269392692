package dev.mlintern.models;

import dev.mlintern.core.secret.Secrets;
import java.util.Objects;
import java.util.Optional;

/**
 * Which model to talk to, parsed from the fixed spec syntax (ARCHITECTURE.md, "Configuration"):
 * {@code anthropic:<model>}, {@code openai:<model>}, {@code
 * hf:<org>/<model>[:<provider>|:fastest|:cheapest]}, {@code ollama:<model>} (which may itself
 * contain colons), {@code openai-compatible:<model>@<base-url>} and {@code autopilot}. {@code
 * model} is what goes on the wire; {@code baseUrl} is set only for {@code openai-compatible}.
 */
public record ModelSpec(Provider provider, String model, String baseUrl) {
  /** The default when the user names no model and an Anthropic key is set. */
  public static final String DEFAULT_ANTHROPIC = "anthropic:claude-sonnet-4-5";

  /** Where a spec sends its calls. */
  public enum Provider {
    ANTHROPIC("anthropic"),
    OPENAI("openai"),
    HF("hf"),
    OLLAMA("ollama"),
    OPENAI_COMPATIBLE("openai-compatible"),
    AUTOPILOT("autopilot");

    private final String prefix;

    Provider(String prefix) {
      this.prefix = prefix;
    }

    public String prefix() {
      return prefix;
    }
  }

  private static final String FORMS =
      "anthropic:<model>, openai:<model>, hf:<org>/<model>[:<provider>], "
          + "ollama:<model>, openai-compatible:<model>@<base-url>, autopilot";

  public ModelSpec {
    Objects.requireNonNull(provider, "provider");
    model = model == null ? "" : model;
  }

  public static ModelSpec parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new ModelConfigException("empty model spec; use one of: " + FORMS);
    }
    String text = spec.strip();
    if (text.equals("autopilot")) {
      return new ModelSpec(Provider.AUTOPILOT, "", null);
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new ModelConfigException(
          "model spec '" + text + "' has no provider prefix; use one of: " + FORMS);
    }
    String prefix = text.substring(0, colon);
    String rest = text.substring(colon + 1).strip();
    Provider provider = null;
    for (Provider candidate : Provider.values()) {
      if (candidate != Provider.AUTOPILOT && candidate.prefix.equals(prefix)) {
        provider = candidate;
      }
    }
    if (provider == null) {
      throw new ModelConfigException(
          "unknown model provider '" + prefix + "' in '" + text + "'; use one of: " + FORMS);
    }
    if (rest.isEmpty()) {
      throw new ModelConfigException(
          "model spec '" + text + "' names no model after '" + prefix + ":'");
    }
    return switch (provider) {
      case HF -> {
        String repo = rest.contains(":") ? rest.substring(0, rest.indexOf(':')) : rest;
        if (!repo.matches("[^/\\s]+/[^/\\s]+")) {
          throw new ModelConfigException(
              "hf: specs name a Hub model as <org>/<model>, e.g. "
                  + "hf:moonshotai/Kimi-K2-Instruct:novita; got '"
                  + text
                  + "'");
        }
        yield new ModelSpec(provider, rest, null);
      }
      case OPENAI_COMPATIBLE -> {
        int at = rest.lastIndexOf("@http");
        if (at <= 0) {
          throw new ModelConfigException(
              "openai-compatible specs are <model>@<base-url>, e.g. "
                  + "openai-compatible:Qwen/Qwen2.5-7B-Instruct@http://localhost:8000/v1; got '"
                  + text
                  + "'");
        }
        yield new ModelSpec(provider, rest.substring(0, at), rest.substring(at + 1));
      }
      default -> new ModelSpec(provider, rest, null);
    };
  }

  /**
   * The spec to use: the one asked for, else {@link #DEFAULT_ANTHROPIC} when {@code
   * ANTHROPIC_API_KEY} is set, else {@code autopilot}. The HF router and OpenAI are never chosen
   * implicitly: an {@code HF_TOKEN} set for gated datasets must not start paid inference.
   */
  public static ModelSpec resolve(Optional<String> requested, Secrets secrets) {
    if (requested.isPresent() && !requested.get().isBlank()) {
      return parse(requested.get());
    }
    return parse(secrets.has("ANTHROPIC_API_KEY") ? DEFAULT_ANTHROPIC : "autopilot");
  }

  public boolean isAutopilot() {
    return provider == Provider.AUTOPILOT;
  }

  /** The spec as the user writes it; parsing it again gives an equal spec. */
  public String spec() {
    return switch (provider) {
      case AUTOPILOT -> "autopilot";
      case OPENAI_COMPATIBLE -> provider.prefix + ":" + model + "@" + baseUrl;
      default -> provider.prefix + ":" + model;
    };
  }

  @Override
  public String toString() {
    return spec();
  }
}
