package dev.mlintern.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.app.Project;
import dev.mlintern.autopilot.goal.Threshold;
import dev.mlintern.core.event.AgentEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How a {@code run} in a project ended, said honestly: a training goal exits 0 only when a model
 * was trained and its result written to the run folder; otherwise the session is recorded as failed
 * and the command exits 1 with the cause. A research conversation exits as its turn did. A
 * threshold the goal named is reported met or not.
 *
 * @param status recorded in {@code session_finished}: finished or failed
 * @param report the report's path, or null when none was written
 * @param verdict "threshold accuracy ≥ 0.95: met (best 0.96 ≥ 0.95)", or empty
 * @param failure why nothing was trained, or null
 */
record RunEnding(String status, Path report, String verdict, String failure, int exitCode) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static RunEnding of(
      Project project,
      String sessionId,
      boolean trainingGoal,
      AgentEvent.TurnComplete done,
      String lastText) {
    int turnCode = HeadlessTurn.exitCode(done);
    Path report = Files.isRegularFile(project.report(sessionId)) ? project.report(sessionId) : null;
    Optional<JsonNode> result = result(project.result(sessionId));
    String verdict = result.map(RunEnding::verdict).orElse("");
    boolean trained =
        result.filter(r -> r.has("best") || r.has("chosen") || r.has("final")).isPresent();
    if (turnCode == 130 || !trainingGoal) {
      return new RunEnding("finished", report, verdict, null, turnCode);
    }
    if (trained) {
      return new RunEnding("finished", report, verdict, null, 0);
    }
    String cause =
        lastText != null && !lastText.isBlank()
            ? lastText.strip().lines().findFirst().orElse("")
            : "the turn ended (" + (done == null ? "no answer" : done.reason()) + ")";
    return new RunEnding(
        "failed", report, verdict, "no model was trained and no result was written: " + cause, 1);
  }

  /** Prints the ending: the threshold, the failure, and last the report's path (stdout). */
  void print(PrintWriter out, PrintWriter err, boolean json) {
    if (failure != null) {
      err.println("mlintern run: failed: " + failure);
    }
    if (json) {
      return;
    }
    if (!verdict.isEmpty()) {
      out.println(verdict);
    }
    if (report != null) {
      out.println("report: " + report);
    }
    out.flush();
  }

  private static Optional<JsonNode> result(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(JSON.readTree(file.toFile()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static String verdict(JsonNode result) {
    JsonNode t = result.path("threshold");
    if (!t.isObject()) {
      return "";
    }
    Threshold threshold =
        new Threshold(
            t.path("metric").asText(),
            t.path("value").asDouble(),
            t.path("direction").asText().equals("higher"));
    double best = t.path("best").isNumber() ? t.path("best").asDouble() : Double.NaN;
    return "threshold " + threshold.describe() + ": " + threshold.verdict(best);
  }
}
