package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One trial as the transcript shows it: its name, mode and candidate, the folds or seeds it
 * covered, and either its metrics or the error it failed with.
 */
record TrialRecord(
    String name,
    String mode,
    Candidate candidate,
    List<Integer> folds,
    boolean ok,
    JsonNode metrics,
    JsonNode curve,
    String error) {

  static TrialRecord of(Transcript.Step step) {
    return of(
        step.args().path("name").asText(),
        step.args().path("config"),
        step.json(),
        step.error() ? step.content() : null);
  }

  /**
   * A finished trial from its config and its result object ({@code status}, {@code metrics}, {@code
   * curve}).
   */
  static TrialRecord of(String name, JsonNode config, JsonNode result, String error) {
    List<Integer> folds = new ArrayList<>();
    config.path("use_folds").forEach(f -> folds.add(f.asInt()));
    boolean ok = error == null && "ok".equals(result.path("status").asText());
    String why =
        error != null
            ? error
            : ok
                ? null
                : result.path("error").path("kind").asText("error")
                    + ": "
                    + result.path("error").path("message").asText("");
    return new TrialRecord(
        name,
        config.path("mode").asText("cv"),
        Candidate.fromConfig(config),
        List.copyOf(folds),
        ok,
        result.path("metrics"),
        result.path("curve"),
        why);
  }

  List<Double> foldScores() {
    List<Double> out = new ArrayList<>();
    metrics.path("fold_scores").forEach(v -> out.add(v.asDouble(Double.NaN)));
    return out;
  }

  double score() {
    return metrics.path("score").asDouble(Double.NaN);
  }

  double std() {
    return metrics.path("std").asDouble(0);
  }

  double trainScore() {
    return metrics.path("train_score").asDouble(Double.NaN);
  }

  double seconds() {
    return metrics.path("seconds").asDouble(0);
  }

  /** Seconds per unit of work: per fold for cv, per seed for holdout and final. */
  double secondsPerUnit() {
    int units =
        mode.equals("cv") ? Math.max(1, folds.size()) : Math.max(1, candidate.seeds().size());
    return seconds() / units;
  }
}
