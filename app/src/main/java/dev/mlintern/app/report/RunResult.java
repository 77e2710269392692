package dev.mlintern.app.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.autopilot.goal.Threshold;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A run's {@code result.json}, written beside its report: the goal, the metric, the best validation
 * score, the chosen model, the predictions file and, when the goal named one, whether the threshold
 * was met: {@code "threshold": {"metric", "value", "direction", "best", "met"}}.
 */
record RunResult(ReportInput input) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The threshold as the goal gave it, when it gave one. */
  Optional<Threshold> threshold() {
    ReportInput.Threshold t = input.threshold();
    return t == null
        ? Optional.empty()
        : Optional.of(new Threshold(t.metric(), t.value(), t.higherIsBetter()));
  }

  /** The chosen model's validation score, NaN when none was reported. */
  double best() {
    return input.chosen() == null || input.chosen().score() == null
        ? Double.NaN
        : input.chosen().score();
  }

  /** "Threshold accuracy ≥ 0.95: met (best 0.96 ≥ 0.95)." or empty. */
  String verdict() {
    return threshold()
        .map(t -> "Threshold " + t.describe() + ": " + t.verdict(best()) + ".")
        .orElse("");
  }

  void write(Path file) {
    ObjectNode out = JSON.createObjectNode();
    out.put("goal", input.goal());
    if (input.metric() != null) {
      out.put("metric", input.metric());
    }
    if (input.higherIsBetter() != null) {
      out.put("higherIsBetter", input.higherIsBetter());
    }
    if (Double.isFinite(best())) {
      out.put("best", best());
    }
    if (input.chosen() != null) {
      out.put("chosen", input.chosen().candidate());
    }
    if (input.submission() != null && !input.submission().isEmpty()) {
      out.put("submission", input.submission());
    }
    out.put("report", "report.html");
    threshold()
        .ifPresent(
            t -> {
              ObjectNode node = out.putObject("threshold");
              node.put("metric", t.metric());
              node.put("value", t.value());
              node.put("direction", t.direction());
              if (Double.isFinite(best())) {
                node.put("best", best());
              } else {
                node.putNull("best");
              }
              node.put("met", Double.isFinite(best()) && t.met(best()));
            });
    try {
      Files.writeString(file, out.toPrettyString() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
