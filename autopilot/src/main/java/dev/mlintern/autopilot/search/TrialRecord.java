package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One finished trial: its name, stage (audit, cv, holdout, final) and candidate, the folds it
 * covered, either the tabular recipe's result ({@code metrics}, {@code details}) or the error it
 * failed with, the job's output folder, which holds its config.json and oof.csv (null if it never
 * started), and the job's wall time from submission to end (0 when unknown).
 */
record TrialRecord(
    String name,
    String mode,
    Candidate candidate,
    List<Integer> folds,
    boolean ok,
    String metric,
    JsonNode metrics,
    JsonNode details,
    String error,
    String outputDir,
    JsonNode config,
    double wallSeconds) {

  /**
   * A finished trial from the recipe config it ran with and its result object ({@code status},
   * {@code metrics}, {@code details}); {@code error} says why it has none.
   */
  static TrialRecord of(
      JsonNode config, JsonNode result, String error, String outputDir, double wallSeconds) {
    List<Integer> folds = new ArrayList<>();
    config.path("validation").path("use_folds").forEach(f -> folds.add(f.asInt()));
    boolean ok = error == null && "ok".equals(result.path("status").asText());
    String why =
        error != null
            ? error
            : ok
                ? null
                : result.path("error").path("kind").asText("error")
                    + ": "
                    + result.path("error").path("message").asText("");
    JsonNode note = config.path("autopilot");
    return new TrialRecord(
        note.path("trial").asText(),
        note.path("stage").asText("cv"),
        Candidate.fromConfig(config),
        List.copyOf(folds),
        ok,
        config.path("metric").asText(),
        result.path("metrics"),
        result.path("details"),
        why,
        outputDir,
        config,
        wallSeconds);
  }

  /**
   * The command that reruns this trial in the workspace, or empty when its job folder is unknown.
   */
  String rerun() {
    return outputDir == null
        ? ""
        : "python "
            + JobDispatch.SCRIPT
            + " --config "
            + outputDir
            + "/config.json --output rerun/"
            + name;
  }

  List<Double> foldScores() {
    List<Double> out = new ArrayList<>();
    for (int fold : folds) {
      out.add(metrics.path("fold_" + fold + "_" + metric).asDouble(Double.NaN));
    }
    return out;
  }

  double score() {
    return metrics.path("val_" + metric).asDouble(Double.NaN);
  }

  /** A blend's score on its members' out-of-fold rows (NaN for anything else). */
  double oofScore() {
    return metrics.path("oof_" + metric).asDouble(Double.NaN);
  }

  double std() {
    return metrics.path("val_" + metric + "_std").asDouble(0);
  }

  double trainScore() {
    return metrics.path("train_" + metric).asDouble(Double.NaN);
  }

  /** Seconds its job took beyond the recipe's own work (starting, queueing); 0 when unknown. */
  double overhead() {
    return wallSeconds > 0 ? Math.max(0, wallSeconds - seconds()) : 0;
  }

  /** Seconds the run's first jobs took to start, as noted in this trial's config (0: not noted). */
  double jobStart() {
    return config.path("autopilot").path("job_start").asDouble(0);
  }

  double seconds() {
    return metrics.path("seconds").asDouble(0);
  }

  /** The learning curve of a boosted model: {@code [split, step, value]} points. */
  JsonNode curve() {
    return details.path("curve");
  }

  /** Seconds per unit of work: per fold for cv, per seed for holdout and final. */
  double secondsPerUnit() {
    int units =
        mode.equals("cv") ? Math.max(1, folds.size()) : Math.max(1, candidate.seeds().size());
    return seconds() / units;
  }
}
