package dev.mlintern.autopilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import java.io.IOException;
import java.util.Map;

/**
 * Synthetic trial results (written here) so the planner can be tested in milliseconds: each family
 * has a base score, folds add a small deterministic wobble, forests memorize their training rows,
 * one family always fails.
 */
final class FakeTrials {
  static final ObjectMapper JSON = new ObjectMapper();
  final Map<String, Double> base;
  final String failing;
  final double secondsPerFold;
  double holdoutBonusForLinear = 0;

  FakeTrials(Map<String, Double> base, String failing, double secondsPerFold) {
    this.base = base;
    this.failing = failing;
    this.secondsPerFold = secondsPerFold;
  }

  static FakeTrials standard() {
    return new FakeTrials(
        Map.of("dummy", 0.5, "linear", 0.80, "hgb", 0.86, "rf", 0.85, "svm", 0.84, "et", 0.845),
        "knn",
        2);
  }

  /** Answers one call; {@code seconds[0]} receives the simulated run time. */
  ToolResultMessage answer(ToolCall call, double[] seconds) {
    try {
      JsonNode args = JSON.readTree(call.arguments());
      if (!call.name().equals("trial")) {
        return new ToolResultMessage(call.id(), call.name(), "ok", false);
      }
      JsonNode config = args.path("config");
      String mode = config.path("mode").asText();
      String family = config.path("model").path("family").asText();
      ObjectNode result =
          JSON.createObjectNode().put("trial", args.path("name").asText()).put("status", "ok");
      ObjectNode metrics = result.putObject("metrics");
      result.putArray("curve");
      if (mode.equals("audit")) {
        metrics
            .putObject("audit")
            .put("rows", 100)
            .put("columns", 4)
            .put("duplicates", 3)
            .put("conflicting", 0)
            .put("test_rows", 40)
            .put("test_overlap", 0)
            .putObject("missing");
        seconds[0] = 1;
        return new ToolResultMessage(call.id(), "trial", result.toString(), false);
      }
      if (family.equals(failing)) {
        seconds[0] = 1;
        return new ToolResultMessage(call.id(), "trial", "trial failed: ValueError: boom", true);
      }
      double score = score(config);
      if (mode.equals("cv")) {
        var folds = metrics.putArray("fold_scores");
        double sum = 0;
        for (JsonNode f : config.path("use_folds")) {
          double s = score + wobble(config.path("candidate").asText() + f.asInt());
          folds.add(s);
          sum += s;
        }
        int n = config.path("use_folds").size();
        metrics.put("score", sum / n).put("std", 0.01);
        metrics.put("train_score", family.equals("rf") || family.equals("et") ? 1.0 : score + 0.01);
        seconds[0] = secondsPerFold * n;
      } else if (mode.equals("holdout")) {
        double s =
            score
                + wobble(config.path("candidate").asText() + "h")
                + (family.equals("linear") ? holdoutBonusForLinear : 0);
        metrics.put("score", s).put("std", 0.002).putArray("seed_scores").add(s);
        seconds[0] = secondsPerFold * config.path("seeds").size();
      } else {
        metrics.put("rows", 40);
        seconds[0] = secondsPerFold;
      }
      metrics.put("seconds", seconds[0]);
      return new ToolResultMessage(call.id(), "trial", result.toString(), false);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private double score(JsonNode config) {
    JsonNode model = config.path("model");
    if (model.path("family").asText().equals("ensemble")) {
      double sum = 0;
      for (JsonNode m : model.path("members")) {
        sum += base.getOrDefault(m.path("family").asText(), 0.8);
      }
      return sum / model.path("members").size() + 0.003;
    }
    double s = base.getOrDefault(model.path("family").asText(), 0.8);
    if (model.path("params").path("min_samples_leaf").asInt(1) > 1) {
      s += 0.004;
    }
    return s;
  }

  private static double wobble(String key) {
    return (Math.floorMod(key.hashCode(), 100) - 50) / 20000.0;
  }
}
