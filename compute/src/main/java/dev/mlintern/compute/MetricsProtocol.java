package dev.mlintern.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * Reads the fixed job output protocol: {@code MLINTERN_METRIC {"name","value","step"?,"split"?}}
 * lines and the final {@code MLINTERN_RESULT {...}} line. Malformed lines are ignored (a job's own
 * output must never break the reader).
 */
public final class MetricsProtocol {
  public static final String METRIC = "MLINTERN_METRIC ";
  public static final String RESULT = "MLINTERN_RESULT ";
  private static final ObjectMapper JSON = new ObjectMapper();

  private MetricsProtocol() {}

  public static Optional<MetricPoint> metric(String line) {
    int at = line.indexOf(METRIC);
    if (at < 0) {
      return Optional.empty();
    }
    JsonNode node = parse(line.substring(at + METRIC.length()));
    if (node == null || !node.path("name").isTextual() || !node.has("value")) {
      return Optional.empty();
    }
    Double value = number(node.get("value"));
    if (value == null) {
      return Optional.empty();
    }
    Long step = node.path("step").canConvertToLong() ? node.get("step").asLong() : null;
    String split = node.path("split").isTextual() ? node.get("split").asText() : null;
    return Optional.of(new MetricPoint(node.get("name").asText(), value, step, split));
  }

  public static Optional<JsonNode> result(String line) {
    int at = line.indexOf(RESULT);
    if (at < 0) {
      return Optional.empty();
    }
    JsonNode node = parse(line.substring(at + RESULT.length()));
    return node != null && node.isObject() ? Optional.of(node) : Optional.empty();
  }

  /**
   * A JSON number, or one of the contract's strings "NaN", "Infinity", "-Infinity"; null for
   * anything else (Python's "nan" or "inf" included: a writer that prints those breaks the
   * contract, and its value is dropped like any malformed one).
   */
  public static Double number(JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isNumber()) {
      return value.asDouble();
    }
    if (value.isTextual()) {
      switch (value.asText()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          return null;
      }
    }
    return null;
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json.strip());
    } catch (Exception e) {
      return null;
    }
  }
}
