package dev.mlintern.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.secret.Secrets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole configuration, parsed once: CLI flags over environment over {@code
 * $MLINTERN_HOME/config.toml} over defaults. The only place that reads the environment. Secrets
 * (keys and tokens) go into {@link Settings#secrets()}, never among the plain values, so nothing
 * that prints settings can print a key.
 *
 * <p>The config file uses the environment's names at the top level ({@code ANTHROPIC_BASE_URL =
 * "…"}), {@code model = "…"} for the default model, and sections for grouped settings ({@code
 * [slurm] partition = "gpu"} becomes {@code slurm.partition}).
 */
public record Config(Settings settings, Optional<String> modelSpec) {
  /**
   * Environment variables mlintern reads besides any {@code MLINTERN_*}; anything else is ignored.
   */
  public static final List<String> PLAIN_KEYS =
      List.of(
          "ANTHROPIC_BASE_URL",
          "OPENAI_BASE_URL",
          "HF_ENDPOINT",
          "GITHUB_API_URL",
          "OLLAMA_HOST",
          "MLINTERN_HOME",
          "MLINTERN_MODEL",
          "MLINTERN_PYTHON",
          "MLINTERN_DATASETS_SERVER_URL",
          "MLINTERN_ARXIV_URL",
          "MLINTERN_S2_URL",
          "MLINTERN_PAPERS_URL",
          "MLINTERN_HF_ROUTER_URL",
          "MLINTERN_SHARED",
          "PATH",
          "HOME",
          "LANG");

  /** Keys and tokens, held only in {@link Secrets}. */
  public static final List<String> SECRET_KEYS =
      List.of("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "HF_TOKEN", "S2_API_KEY", "GITHUB_TOKEN");

  public static Config load(Map<String, String> env, Map<String, String> flags) {
    Path home =
        Path.of(
            first(
                flags.get("MLINTERN_HOME"),
                env.get("MLINTERN_HOME"),
                Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".mlintern")
                    .toString()));
    Map<String, String> values = new TreeMap<>();
    Map<String, String> secrets = new TreeMap<>();
    readFile(home.resolve("config.toml"), values, secrets);
    for (String key : PLAIN_KEYS) {
      putIfPresent(values, key, env.get(key));
    }
    env.forEach(
        (key, value) -> {
          if (key.startsWith("MLINTERN_")) {
            putIfPresent(values, key, value);
          }
        });
    for (String key : SECRET_KEYS) {
      putIfPresent(secrets, key, env.get(key));
    }
    flags.forEach(
        (key, value) -> putIfPresent(SECRET_KEYS.contains(key) ? secrets : values, key, value));
    values.put("MLINTERN_HOME", home.toString());
    Optional<String> model =
        Optional.ofNullable(
            first(
                flags.get("MLINTERN_MODEL"),
                env.get("MLINTERN_MODEL"),
                values.get("MLINTERN_MODEL")));
    return new Config(new Settings(home, values, Secrets.of(secrets)), model);
  }

  public static Config fromEnvironment(Map<String, String> flags) {
    return load(System.getenv(), flags);
  }

  public Path home() {
    return settings.home();
  }

  private static void readFile(Path file, Map<String, String> values, Map<String, String> secrets) {
    if (!Files.isRegularFile(file)) {
      return;
    }
    JsonNode tree;
    try {
      tree = new TomlMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new ConfigException("config file " + file + " is not valid TOML: " + e.getMessage());
    }
    flatten("", tree, values);
    for (String key : SECRET_KEYS) {
      String value = values.remove(key);
      putIfPresent(secrets, key, value);
    }
    String model = values.remove("model");
    putIfPresent(values, "MLINTERN_MODEL", model);
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
    node.fields()
        .forEachRemaining(
            field -> {
              String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
              if (field.getValue().isObject()) {
                flatten(key, field.getValue(), into);
              } else if (field.getValue().isArray()) {
                into.put(key, field.getValue().toString());
              } else {
                into.put(key, field.getValue().asText());
              }
            });
  }

  private static void putIfPresent(Map<String, String> map, String key, String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value);
    }
  }

  private static String first(String... candidates) {
    for (String candidate : candidates) {
      if (candidate != null && !candidate.isBlank()) {
        return candidate;
      }
    }
    return null;
  }

  /** A configuration the user must fix; the message names the file or key. */
  public static final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
      super(message);
    }
  }
}
