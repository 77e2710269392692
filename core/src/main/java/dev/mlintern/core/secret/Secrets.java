package dev.mlintern.core.secret;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The session's keys and tokens by name. Values reach only the HTTP clients and job environments
 * that declare them; {@link #redact(String)} removes every declared value and every known token
 * shape from text that is stored, logged, exported, rendered or sent to a model.
 */
public final class Secrets {
  private static final List<Pattern> TOKEN_SHAPES =
      List.of(
          Pattern.compile("sk-ant-[A-Za-z0-9_\\-]{10,}"),
          Pattern.compile("sk-(?:proj-)?[A-Za-z0-9_\\-]{20,}"),
          Pattern.compile("hf_[A-Za-z0-9]{20,}"),
          Pattern.compile("gh[pousr]_[A-Za-z0-9]{30,}"),
          Pattern.compile("github_pat_[A-Za-z0-9_]{30,}"),
          Pattern.compile("AKIA[0-9A-Z]{16}"),
          Pattern.compile("xox[baprs]-[A-Za-z0-9\\-]{10,}"),
          Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._\\-]{16,}"));
  private static final int MIN_SECRET_LENGTH = 6;

  private final Map<String, String> byName;
  private final List<String> valuesLongestFirst;

  private Secrets(Map<String, String> byName) {
    this.byName = new TreeMap<>(byName);
    List<String> values = new ArrayList<>();
    for (String value : byName.values()) {
      if (value != null && value.length() >= MIN_SECRET_LENGTH) {
        values.add(value);
      }
    }
    values.sort(Comparator.comparingInt(String::length).reversed());
    this.valuesLongestFirst = List.copyOf(values);
  }

  public static Secrets of(Map<String, String> byName) {
    Map<String, String> present = new TreeMap<>();
    byName.forEach(
        (name, value) -> {
          if (value != null && !value.isBlank()) {
            present.put(name, value);
          }
        });
    return new Secrets(present);
  }

  public static Secrets none() {
    return new Secrets(Map.of());
  }

  public Optional<String> value(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public boolean has(String name) {
    return byName.containsKey(name);
  }

  /** Names of the secrets that are set, never their values. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String out = text;
    for (String value : valuesLongestFirst) {
      if (out.contains(value)) {
        out = out.replace(value, "[REDACTED]");
      }
    }
    for (Pattern shape : TOKEN_SHAPES) {
      out =
          shape
              .matcher(out)
              .replaceAll(
                  m ->
                      m.groupCount() > 0 && m.group(1) != null
                          ? m.group(1) + "[REDACTED]"
                          : "[REDACTED]");
    }
    return out;
  }

  @Override
  public String toString() {
    return "Secrets" + byName.keySet();
  }
}
