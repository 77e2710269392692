package dev.mlintern.autopilot.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The post-training loop for the addition task, read from {@code addition.json}: the stages in
 * order, each one job of a script in {@code recipes/llm}, with the config it runs under a given
 * time budget.
 */
final class PostTrainingPlan {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String RESOURCE = "/dev/mlintern/autopilot/llm/addition.json";
  private final JsonNode plan;

  /** One stage as the plan file gives it. */
  record Stage(JsonNode node) {
    String name() {
      return node.path("name").asText();
    }

    String script() {
      return node.path("script").asText();
    }

    /** The stage whose diagnosed config this one reruns, or null. */
    String rerun() {
      return node.path("rerun").asText(null);
    }

    boolean report() {
      return node.path("report").asBoolean(false);
    }
  }

  private PostTrainingPlan(JsonNode plan) {
    this.plan = plan;
  }

  static PostTrainingPlan load() {
    try (InputStream in = PostTrainingPlan.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the autopilot jar lacks " + RESOURCE);
      }
      return new PostTrainingPlan(JSON.readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<Stage> stages() {
    List<Stage> out = new ArrayList<>();
    plan.path("stages").forEach(s -> out.add(new Stage(s)));
    return out;
  }

  boolean shortened(double budgetSeconds) {
    return budgetSeconds < plan.path("short_below_seconds").asDouble();
  }

  /** The script's arguments after its path. */
  List<String> arguments(Stage stage, double budgetSeconds) {
    List<String> out = new ArrayList<>();
    stage.node().path("args").forEach(a -> out.add(a.asText()));
    if (shortened(budgetSeconds)) {
      stage.node().path("short_args").forEach(a -> out.add(a.asText()));
    }
    return out;
  }

  /**
   * The stage's config: the common settings, then {@code base} (the diagnosis's proposal for a
   * rerun, else nothing), then the stage's own keys with every {@code @STAGE/PATH} resolved against
   * {@code folders}, then its shortened keys and its share of the budget as {@code max_seconds}.
   */
  ObjectNode config(Stage stage, JsonNode base, Map<String, String> folders, double budgetSeconds) {
    ObjectNode config = JSON.createObjectNode();
    config.setAll((ObjectNode) plan.path("common"));
    if (base != null && base.isObject()) {
      config.setAll((ObjectNode) base.deepCopy());
    }
    stage
        .node()
        .path("config")
        .fields()
        .forEachRemaining(e -> config.set(e.getKey(), e.getValue()));
    if (shortened(budgetSeconds)) {
      stage
          .node()
          .path("short")
          .fields()
          .forEachRemaining(e -> config.set(e.getKey(), e.getValue()));
    }
    config.fields().forEachRemaining(e -> e.setValue(resolve(e.getValue(), folders)));
    if (stage.node().has("share")) {
      config.put("max_seconds", Math.round(trainingSeconds(stage, budgetSeconds)));
    }
    config.put("_stage", stage.name());
    return config;
  }

  /** The job's time limit: what it trains for plus its fixed allowance for loading and saving. */
  long timeoutSeconds(Stage stage, double budgetSeconds) {
    return Math.round(
        trainingSeconds(stage, budgetSeconds) + stage.node().path("seconds").asDouble(120));
  }

  /** The stage's share of the budget left after the loop's fixed overhead (at least 10 s). */
  private double trainingSeconds(Stage stage, double budgetSeconds) {
    String overhead = shortened(budgetSeconds) ? "short_overhead_seconds" : "overhead_seconds";
    double training = Math.max(10, budgetSeconds - plan.path(overhead).asDouble());
    return stage.node().path("share").asDouble(0) * training;
  }

  private static JsonNode resolve(JsonNode value, Map<String, String> folders) {
    String text = value.asText("");
    if (!value.isTextual() || !text.startsWith("@")) {
      return value;
    }
    int slash = text.indexOf('/');
    String stage = text.substring(1, slash < 0 ? text.length() : slash);
    String folder = folders.get(stage);
    if (folder == null) {
      throw new IllegalStateException("the plan names " + text + " before stage " + stage + " ran");
    }
    return JSON.getNodeFactory().textNode(slash < 0 ? folder : folder + text.substring(slash));
  }
}
