package dev.mlintern.autopilot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

/**
 * What a bench run hands back, as written to {@code result.json}: task, metric, model, the
 * validation score and its spread, the chosen recipe and config, the number of trials and the
 * wall-clock seconds.
 */
public record BenchResult(
    String task,
    String metric,
    String model,
    double validationScore,
    double validationStd,
    String recipe,
    JsonNode config,
    int trials,
    double seconds,
    Path out) {

  private static final ObjectMapper JSON = new ObjectMapper();

  public ObjectNode toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("task", task);
    root.put("metric", metric);
    root.put("model", model);
    ObjectNode validation = root.putObject("validation");
    putNumber(validation, "score", validationScore);
    putNumber(validation, "std", validationStd);
    ObjectNode chosen = root.putObject("chosen");
    chosen.put("recipe", recipe);
    chosen.set("config", config);
    root.put("trials", trials);
    root.put("seconds", Math.round(seconds * 10) / 10.0);
    return root;
  }

  private static void putNumber(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    } else {
      node.putNull(key);
    }
  }
}
