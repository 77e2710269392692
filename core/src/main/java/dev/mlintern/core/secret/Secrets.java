package dev.mlintern.core.secret;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The session's keys and tokens by name. Values reach only the HTTP clients and job environments
 * that declare them; {@link #redact(String)} removes every declared value, its common encodings
 * (reversed, hex, base64 and URL-safe base64 at any alignment) and every known token shape from
 * text that is stored, logged, exported, rendered or sent to a model.
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
  private static final int MIN_ENCODED_LENGTH = 8;

  private final Map<String, String> byName;
  private final List<String> valuesLongestFirst;

  private Secrets(Map<String, String> byName) {
    this.byName = new TreeMap<>(byName);
    List<String> values = new ArrayList<>();
    for (String value : byName.values()) {
      if (value != null && value.length() >= MIN_SECRET_LENGTH) {
        values.add(value);
        values.addAll(encodings(value));
      }
    }
    values.sort(Comparator.comparingInt(String::length).reversed());
    this.valuesLongestFirst = List.copyOf(values);
  }

  /**
   * The forms a job could print a value in to slip past a plain match: reversed, hex, and the part
   * of its base64 (standard and URL-safe) that does not depend on the bytes around it, for each of
   * the three alignments it can start at.
   */
  private static List<String> encodings(String value) {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    List<String> forms = new ArrayList<>();
    forms.add(new StringBuilder(value).reverse().toString());
    String hex = HexFormat.of().formatHex(bytes);
    forms.add(hex);
    forms.add(hex.toUpperCase(Locale.ROOT));
    for (Base64.Encoder encoder : List.of(Base64.getEncoder(), Base64.getUrlEncoder())) {
      for (int shift = 0; shift < 3; shift++) {
        byte[] shifted = new byte[shift + bytes.length];
        System.arraycopy(bytes, 0, shifted, shift, bytes.length);
        String encoded = encoder.withoutPadding().encodeToString(shifted);
        int from = shift == 0 ? 0 : 4;
        int to = encoded.length() - ((shift + bytes.length) % 3 == 0 ? 0 : 4);
        if (to - from >= MIN_ENCODED_LENGTH) {
          forms.add(encoded.substring(from, to));
        }
      }
    }
    return forms;
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
