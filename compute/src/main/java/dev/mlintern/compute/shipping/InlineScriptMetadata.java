package dev.mlintern.compute.shipping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code dependencies} of a script's PEP 723 inline metadata, the {@code # /// script} comment
 * block that {@code uv run} reads:
 *
 * <pre>
 * # /// script
 * # dependencies = ["scikit-learn>=1.3", "pandas"]
 * # ///
 * </pre>
 */
final class InlineScriptMetadata {
  private static final Pattern BLOCK =
      Pattern.compile("(?m)^# /// script\\s*$((?:\\n#(?: .*)?$)*?)\\n# ///\\s*$");
  private static final Pattern DEPENDENCIES =
      Pattern.compile("(?s)(?:^|\\n)dependencies\\s*=\\s*\\[(.*?)]");
  private static final Pattern STRING = Pattern.compile("\"([^\"]*)\"|'([^']*)'");

  private InlineScriptMetadata() {}

  /** The script's declared dependencies; empty when it has no such block. */
  static List<String> dependencies(Path script) {
    String source;
    try {
      source = Files.readString(script);
    } catch (java.nio.charset.MalformedInputException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher block = BLOCK.matcher(source);
    if (!block.find()) {
      return List.of();
    }
    StringBuilder toml = new StringBuilder();
    for (String line : block.group(1).split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      toml.append(line.startsWith("# ") ? line.substring(2) : line.substring(1)).append('\n');
    }
    Matcher list = DEPENDENCIES.matcher(toml);
    List<String> out = new ArrayList<>();
    if (list.find()) {
      Matcher item = STRING.matcher(list.group(1));
      while (item.find()) {
        out.add(item.group(1) != null ? item.group(1) : item.group(2));
      }
    }
    return out;
  }
}
