package dev.mlintern.compute.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.compute.MetricPoint;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What differs between two runs: config keys (flattened, dotted) and metrics side by side with the
 * change.
 */
public final class RunComparison {
  private RunComparison() {}

  public static String text(RunRecord a, RunRecord b) {
    StringBuilder out =
        new StringBuilder(
            "compare " + a.id() + " (" + a.status() + ") vs " + b.id() + " (" + b.status() + ")\n");
    Map<String, String> ca = flatten(a.config());
    Map<String, String> cb = flatten(b.config());
    out.append("config differences:");
    int differences = 0;
    for (String key : new TreeSet<>(union(ca, cb))) {
      String va = ca.getOrDefault(key, "—");
      String vb = cb.getOrDefault(key, "—");
      if (!va.equals(vb)) {
        out.append("\n  ").append(key).append(": ").append(va).append(" → ").append(vb);
        differences++;
      }
    }
    if (differences == 0) {
      out.append(" none");
    }
    out.append("\nmetrics:");
    for (String name : new TreeSet<>(union(fields(a.metrics()), fields(b.metrics())))) {
      Double va = a.metric(name);
      Double vb = b.metric(name);
      out.append("\n  ").append(name).append(": ").append(fmt(va)).append(" → ").append(fmt(vb));
      if (va != null && vb != null && Double.isFinite(va) && Double.isFinite(vb)) {
        out.append(" (")
            .append(vb >= va ? "+" : "")
            .append(MetricPoint.format(vb - va))
            .append(')');
      }
    }
    return out.toString();
  }

  static Map<String, String> flatten(JsonNode node) {
    Map<String, String> out = new TreeMap<>();
    flatten("", node, out);
    return out;
  }

  private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
    if (node == null) {
      return;
    }
    if (node.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else {
      out.put(prefix, node.isTextual() ? node.asText() : node.toString());
    }
  }

  private static Map<String, String> fields(JsonNode metrics) {
    Map<String, String> names = new TreeMap<>();
    metrics.fieldNames().forEachRemaining(n -> names.put(n, ""));
    return names;
  }

  private static java.util.Set<String> union(Map<String, String> a, Map<String, String> b) {
    java.util.Set<String> keys = new TreeSet<>(a.keySet());
    keys.addAll(b.keySet());
    return keys;
  }

  private static String fmt(Double v) {
    return v == null ? "—" : MetricPoint.format(v);
  }
}
