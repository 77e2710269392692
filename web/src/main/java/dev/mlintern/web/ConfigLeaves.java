package dev.mlintern.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's config as flat {@code dotted.path -> value} pairs, sorted by path: what the run page's
 * parameters table and the comparison's config diff show. Arrays of values read as one value.
 */
final class ConfigLeaves {
  private ConfigLeaves() {}

  static Map<String, String> of(JsonNode config) {
    Map<String, String> out = new TreeMap<>();
    if (config != null) {
      add(out, "", config);
    }
    return out;
  }

  private static void add(Map<String, String> out, String path, JsonNode node) {
    if (node.isObject()) {
      Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        add(out, path.isEmpty() ? f.getKey() : path + "." + f.getKey(), f.getValue());
      }
    } else if (!path.isEmpty()) {
      out.put(path, node.isValueNode() ? node.asText() : node.toString());
    }
  }
}
