package dev.mlintern.models;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Facts keyed by model id, looked up by the longest known prefix so dated ids ({@code
 * claude-haiku-4-5-20251001}, {@code gpt-4o-2024-08-06}) find their family, and {@code gpt-4o-mini}
 * is not taken for {@code gpt-4o}. Case is ignored (the HF router lower-cases ids it echoes back),
 * as is a router suffix such as {@code :novita}.
 */
final class ModelTable<T> {
  private final Map<String, T> byPrefix;

  ModelTable(Map<String, T> byPrefix) {
    Map<String, T> lower = new TreeMap<>();
    byPrefix.forEach((key, value) -> lower.put(key.toLowerCase(Locale.ROOT), value));
    this.byPrefix = Map.copyOf(lower);
  }

  ModelTable<T> with(String prefix, T value) {
    Map<String, T> copy = new TreeMap<>(byPrefix);
    copy.put(prefix.toLowerCase(Locale.ROOT), value);
    return new ModelTable<>(copy);
  }

  Optional<T> find(String modelId) {
    String id = modelId.toLowerCase(Locale.ROOT);
    int slash = id.indexOf('/');
    int suffix = id.indexOf(':', slash + 1);
    if (slash > 0 && suffix > 0) {
      id = id.substring(0, suffix);
    }
    String best = null;
    for (String prefix : byPrefix.keySet()) {
      if (!id.startsWith(prefix)) {
        continue;
      }
      boolean boundary =
          id.length() == prefix.length() || !Character.isLetterOrDigit(id.charAt(prefix.length()));
      if (boundary && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    return Optional.ofNullable(best).map(byPrefix::get);
  }
}
