package dev.mlintern.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.config.Settings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One {@code [mcp.servers.NAME]} table of config.toml: how to reach the server ({@code command =
 * [...]} for stdio, or {@code url = "..."} for streamable HTTP), extra {@code env} for its process,
 * the {@code tools} to offer (all when absent) and whether its tools only read ({@code read_only =
 * true}: calls run without asking).
 */
public record McpServerSpec(
    String name,
    List<String> command,
    Optional<String> url,
    Map<String, String> env,
    Optional<List<String>> tools,
    boolean readOnly) {
  private static final String PREFIX = "mcp.servers.";
  private static final ObjectMapper JSON = new ObjectMapper();

  public McpServerSpec {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    tools = tools.map(List::copyOf);
  }

  /** Every configured server, by name; a table with neither command nor url is a config error. */
  public static List<McpServerSpec> fromSettings(Settings settings) {
    TreeSet<String> names = new TreeSet<>();
    settings.values().keySet().stream()
        .filter(k -> k.startsWith(PREFIX))
        .map(k -> k.substring(PREFIX.length()))
        .filter(rest -> rest.contains("."))
        .forEach(rest -> names.add(rest.substring(0, rest.indexOf('.'))));
    List<McpServerSpec> specs = new ArrayList<>();
    for (String name : names) {
      String at = PREFIX + name + ".";
      List<String> command =
          settings.get(at + "command").map(v -> list(v, at + "command")).orElse(List.of());
      Optional<String> url = settings.get(at + "url");
      if (command.isEmpty() == url.isEmpty()) {
        throw new IllegalArgumentException(
            "config.toml [mcp.servers."
                + name
                + "] needs either command = [\"program\", \"arg\", …] or url = \"http://…\"");
      }
      Map<String, String> env = new TreeMap<>();
      settings
          .values()
          .forEach(
              (key, value) -> {
                if (key.startsWith(at + "env.")) {
                  env.put(key.substring((at + "env.").length()), value);
                }
              });
      specs.add(
          new McpServerSpec(
              name,
              command,
              url,
              env,
              settings.get(at + "tools").map(v -> list(v, at + "tools")),
              settings.get(at + "read_only").map(Boolean::parseBoolean).orElse(false)));
    }
    return specs;
  }

  private static List<String> list(String value, String key) {
    try {
      JsonNode node = JSON.readTree(value);
      if (node.isArray()) {
        List<String> items = new ArrayList<>();
        node.forEach(item -> items.add(item.asText()));
        return items;
      }
    } catch (JsonProcessingException e) {
      // a plain string: explained below
    }
    throw new IllegalArgumentException(
        "config.toml " + key + " must be a list of strings, e.g. [\"npx\", \"server\"]");
  }
}
