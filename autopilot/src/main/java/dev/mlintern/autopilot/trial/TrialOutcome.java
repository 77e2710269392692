package dev.mlintern.autopilot.trial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;

/**
 * What a trial process reported: its result metrics, its metric lines, or the error it ended with.
 */
record TrialOutcome(boolean ok, JsonNode metrics, List<JsonNode> curve, String error) {
  private static final ObjectMapper JSON = new ObjectMapper();

  TrialOutcome {
    curve = List.copyOf(curve);
  }

  /**
   * Learning-curve points (the staged metric lines), as {@code [split, step, value]} triples to
   * save context.
   */
  ArrayNode compactCurve() {
    ArrayNode out = JSON.createArrayNode();
    for (JsonNode point : curve) {
      String split = point.path("split").asText();
      if ((split.equals("train") || split.equals("valid"))
          && point.has("step")
          && point.path("value").isNumber()
          && !point.path("name").asText().startsWith("train_")) {
        ArrayNode triple = out.addArray();
        triple.add(split).add(point.path("step").asLong()).add(point.path("value").asDouble());
      }
    }
    return out;
  }
}
