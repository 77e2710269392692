package dev.mlintern.autopilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Synthetic results of the tabular recipe (written here, in its result format) so the planner can
 * be tested in milliseconds: each model has a base score, folds add a small deterministic wobble,
 * forests memorize their training rows, one model always fails.
 */
class FakeTrials {
  static final ObjectMapper JSON = new ObjectMapper();
  final Map<String, Double> base;
  final String failing;
  final double secondsPerFold;
  double holdoutBonusForLinear = 0;
  boolean pixels = false;

  FakeTrials(Map<String, Double> base, String failing, double secondsPerFold) {
    this.base = base;
    this.failing = failing;
    this.secondsPerFold = secondsPerFold;
  }

  static FakeTrials standard() {
    return new FakeTrials(
        Map.of(
            "dummy",
            0.5,
            "linear",
            0.80,
            "hgb",
            0.86,
            "rf",
            0.85,
            "svm",
            0.84,
            "extratrees",
            0.845),
        "knn",
        2);
  }

  /**
   * The result object of one run of the recipe with {@code config}; its seconds in {@code
   * seconds[0]}.
   */
  ObjectNode result(JsonNode config, double[] seconds) {
    String stage = config.path("autopilot").path("stage").asText();
    String model = config.path("model").asText();
    String metric = config.path("metric").asText();
    ObjectNode result = JSON.createObjectNode().put("status", "ok");
    ObjectNode metrics = result.putObject("metrics");
    result.putObject("artifacts");
    seconds[0] = 1;
    if (stage.equals("audit")) {
      result
          .putObject("details")
          .putObject("audit")
          .put("rows", 100)
          .put("columns", pixels ? 784 : 4)
          .put("same_scale", pixels)
          .put("duplicates", 3)
          .put("conflicting", 0)
          .put("test_rows", 40)
          .put("test_overlap", 0)
          .putObject("missing");
      return result;
    }
    if (model.equals(failing)) {
      result.put("status", "error");
      result.putObject("error").put("kind", "bad_config").put("message", "boom");
      return result;
    }
    double score = score(config);
    String candidate = config.path("autopilot").path("candidate").asText();
    if (stage.equals("cv")) {
      double sum = 0;
      JsonNode folds = config.path("validation").path("use_folds");
      for (JsonNode f : folds) {
        double s = score + wobble(candidate + f.asInt());
        metrics.put("fold_" + f.asInt() + "_" + metric, s);
        sum += s;
      }
      metrics.put("val_" + metric, sum / folds.size()).put("val_" + metric + "_std", 0.01);
      metrics.put(
          "train_" + metric, model.equals("rf") || model.equals("extratrees") ? 1.0 : score + 0.01);
      seconds[0] = secondsPerFold * folds.size();
    } else if (stage.equals("holdout")) {
      double s =
          score + wobble(candidate + "h") + (model.equals("linear") ? holdoutBonusForLinear : 0);
      metrics.put("val_" + metric, s).put("val_" + metric + "_std", 0.0);
      seconds[0] = secondsPerFold * config.path("seeds").size();
    } else {
      metrics.put("test_rows", 40);
      seconds[0] = secondsPerFold;
    }
    metrics.put("seconds", seconds[0]);
    return result;
  }

  private double score(JsonNode config) {
    if (config.path("model").asText().equals("ensemble")) {
      double sum = 0;
      JsonNode members = config.path("params").path("members");
      for (JsonNode m : members) {
        sum += base.getOrDefault(m.path("model").asText(), 0.8);
      }
      return sum / members.size() + 0.003;
    }
    double s = base.getOrDefault(config.path("model").asText(), 0.8);
    if (config.path("params").path("min_samples_leaf").asInt(1) > 1) {
      s += 0.004;
    }
    return s;
  }

  private static double wobble(String key) {
    return (Math.floorMod(key.hashCode(), 100) - 50) / 20000.0;
  }
}
