package dev.mlintern.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.tool.ToolContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a session's {@code result.json} says (written beside its report by the report tool): the
 * chosen model, its validation score (the number the report gives) and, when the goal named one,
 * the threshold and whether it was met. Read from the session's run folder in its project ({@code
 * mlintern-runs/<session>/}), else from its workspace.
 */
record SessionResult(String chosen, String metric, Double best, JsonNode threshold, Path folder) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The folders a session's report and result may be in, most specific first. */
  static List<Path> folders(Path workspace, String session) {
    return List.of(workspace.resolve(ToolContext.RUNS).resolve(session), workspace);
  }

  static Optional<SessionResult> read(Path workspace, String session) {
    for (Path folder : folders(workspace, session)) {
      Path file = folder.resolve("result.json");
      if (Files.isRegularFile(file)) {
        try {
          JsonNode node = JSON.readTree(file.toFile());
          return Optional.of(
              new SessionResult(
                  node.path("chosen").asText(null),
                  node.path("metric").asText(null),
                  node.path("best").isNumber() ? node.get("best").asDouble() : null,
                  node.path("threshold").isObject() ? node.get("threshold") : null,
                  folder));
        } catch (IOException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** {@code auc 0.8123}, or empty without a score. */
  String score() {
    return best == null ? "" : (metric == null ? "" : metric + " ") + Readable.number(best);
  }

  /** {@code auc ≥ 0.8: met (best 0.8123)}, or empty when the goal named no threshold. */
  String verdict() {
    if (threshold == null) {
      return "";
    }
    boolean higher = !"lower".equals(threshold.path("direction").asText());
    String target =
        threshold.path("metric").asText("")
            + (higher ? " ≥ " : " ≤ ")
            + Readable.number(threshold.path("value").asDouble());
    boolean met = threshold.path("met").asBoolean(false);
    JsonNode b = threshold.path("best");
    return target
        + ": "
        + (met ? "met" : "not met")
        + (b.isNumber()
            ? String.format(Locale.ROOT, " (best %s)", Readable.number(b.asDouble()))
            : "");
  }

  boolean met() {
    return threshold != null && threshold.path("met").asBoolean(false);
  }
}
