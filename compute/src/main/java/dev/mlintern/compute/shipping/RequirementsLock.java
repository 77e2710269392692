package dev.mlintern.compute.shipping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The exact versions of a pinned lock ({@code requirements.lock}, as {@code uv pip compile} writes
 * it: {@code name==version \} lines with their hashes), used to pin what a remote job installs: a
 * recipe with a lock beside it (the LLM recipes and {@code recipes/llm/requirements.lock}) gets the
 * same versions on HF Jobs as in the local LLM environment built from that lock.
 */
final class RequirementsLock {
  static final String FILE = "requirements.lock";
  private static final Pattern PIN =
      Pattern.compile("(?m)^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\\s\\\\;]+)");
  private static final Pattern NAME = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)");

  private final Map<String, String> versions;

  private RequirementsLock(Map<String, String> versions) {
    this.versions = Map.copyOf(versions);
  }

  /** The lock in {@code script}'s folder, if there is one. */
  static Optional<RequirementsLock> beside(Path script) {
    Path lock = script.toAbsolutePath().getParent().resolve(FILE);
    if (!Files.isRegularFile(lock)) {
      return Optional.empty();
    }
    try {
      Map<String, String> versions = new HashMap<>();
      Matcher pin = PIN.matcher(Files.readString(lock));
      while (pin.find()) {
        versions.put(normalized(pin.group(1)), pin.group(2));
      }
      return Optional.of(new RequirementsLock(versions));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Each dependency the lock lists, as {@code name==version} from the lock unless it is already
   * pinned exactly ({@code ==}) or a URL; the others as given.
   */
  List<String> pin(List<String> dependencies) {
    List<String> out = new ArrayList<>();
    for (String dependency : dependencies) {
      Matcher name = NAME.matcher(dependency);
      String version = name.find() ? versions.get(normalized(name.group(1))) : null;
      out.add(
          version == null || dependency.contains("==") || dependency.contains("@")
              ? dependency
              : name.group(1) + "==" + version);
    }
    return out;
  }

  /** PEP 503: case, dots, dashes and underscores do not tell names apart. */
  private static String normalized(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
  }
}
