package dev.mlintern.core.config;

import dev.mlintern.core.secret.Secrets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Configuration resolved once in {@code app} (flags over environment over {@code
 * $MLINTERN_HOME/config.toml} over defaults) and handed to whatever needs it. Nothing else reads
 * the environment. Keys use the environment's names ({@code HF_ENDPOINT}, {@code
 * MLINTERN_ARXIV_URL}, …); config-file keys such as {@code slurm.partition} keep their dotted
 * names. Secret values live in {@link #secrets()}, not among the plain values; service URLs are
 * read once into {@link #endpoints()}, where their defaults live.
 */
public record Settings(
    Path home, Map<String, String> values, Secrets secrets, Endpoints endpoints) {
  public Settings {
    values = Map.copyOf(new TreeMap<>(values));
  }

  /** Settings whose typed parts ({@link #endpoints()}) are read from {@code values}. */
  public Settings(Path home, Map<String, String> values, Secrets secrets) {
    this(home, values, secrets, Endpoints.from(values));
  }

  public Optional<String> get(String key) {
    String value = values.get(key);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  public String get(String key, String fallback) {
    return get(key).orElse(fallback);
  }

  /** Settings for tests and embedding: the given values, no secrets. */
  public static Settings of(Path home, Map<String, String> values) {
    return new Settings(home, values, Secrets.none());
  }

  public Settings with(String key, String value) {
    Map<String, String> copy = new TreeMap<>(values);
    copy.put(key, value);
    return new Settings(home, copy, secrets);
  }
}
