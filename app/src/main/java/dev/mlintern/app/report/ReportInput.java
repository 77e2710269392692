package dev.mlintern.app.report;

import dev.mlintern.core.tool.Param;
import java.util.List;

/**
 * What a run report says. Everything but the title and the goal is optional, so a model can report
 * a short investigation as well as a full search; the autopilot fills every field.
 */
public record ReportInput(
    @Param("report title") String title,
    @Param("the goal of the run, in one or two sentences") String goal,
    @Param(value = "metric name, e.g. roc_auc", optional = true) String metric,
    @Param(value = "true when a higher metric is better", optional = true) Boolean higherIsBetter,
    @Param(value = "data audit findings and the fixes applied, one per line", optional = true)
        List<String> audit,
    @Param(value = "literature priors consulted", optional = true) List<String> priors,
    @Param(value = "every trial run (the ledger)", optional = true) List<Trial> trials,
    @Param(value = "learning curves: per trial and split, [step, value] points", optional = true)
        List<Curve> curves,
    @Param(value = "finalists scored on validation data the search never used", optional = true)
        List<Validation> validation,
    @Param(value = "the chosen configuration and why", optional = true) Chosen chosen,
    @Param(
            value = "diagnosis notes: overfitting, divergence, failures and what was done",
            optional = true)
        List<String> diagnosis,
    @Param(value = "suggested next steps", optional = true) List<String> nextSteps,
    @Param(value = "the command that reproduces the run", optional = true) String reproduce,
    @Param(value = "workspace path of the predictions file", optional = true) String submission,
    @Param(value = "wall-clock seconds the run took", optional = true) Double elapsedSeconds,
    @Param(value = "the score the goal asked to reach, if it named one", optional = true)
        Threshold threshold) {

  public ReportInput {
    audit = audit == null ? List.of() : List.copyOf(audit);
    priors = priors == null ? List.of() : List.copyOf(priors);
    trials = trials == null ? List.of() : List.copyOf(trials);
    curves = curves == null ? List.of() : List.copyOf(curves);
    validation = validation == null ? List.of() : List.copyOf(validation);
    diagnosis = diagnosis == null ? List.of() : List.copyOf(diagnosis);
    nextSteps = nextSteps == null ? List.of() : List.copyOf(nextSteps);
  }

  /** A score to reach: "beat 0.95 accuracy" is {accuracy, 0.95, true}. */
  public record Threshold(
      @Param("metric name") String metric,
      @Param("the value to reach") double value,
      @Param("true when a higher metric is better") boolean higherIsBetter) {}

  /** One ledger row. */
  public record Trial(
      @Param("trial name") String name,
      @Param(value = "candidate configuration name", optional = true) String candidate,
      @Param(value = "model family or recipe", optional = true) String family,
      @Param(value = "cv, holdout, final or audit", optional = true) String mode,
      @Param(value = "folds or seeds covered", optional = true) String folds,
      @Param(value = "ok or failed", optional = true) String status,
      @Param(value = "metric value", optional = true) Double score,
      @Param(value = "spread across folds or seeds", optional = true) Double std,
      @Param(value = "metric on training rows", optional = true) Double trainScore,
      @Param(value = "seconds it ran", optional = true) Double seconds,
      @Param(value = "model configuration as JSON", optional = true) String config,
      @Param(value = "why it failed or anything notable", optional = true) String note,
      @Param(value = "the command that reruns this trial", optional = true) String rerun) {}

  /** One learning curve. */
  public record Curve(
      @Param("trial name") String trial,
      @Param("train or valid") String split,
      @Param("[step, value] pairs") List<List<Double>> points) {
    public Curve {
      points = List.copyOf(points);
    }
  }

  /** One finalist's validation evidence. */
  public record Validation(
      @Param("candidate name") String candidate,
      @Param(value = "cross-validation score during the search", optional = true) Double cvScore,
      @Param(value = "cross-validation spread", optional = true) Double cvStd,
      @Param("score on the validation rows") Double score,
      @Param(value = "spread across seeds", optional = true) Double std,
      @Param(value = "complexity rank, lower is simpler", optional = true) Integer complexity) {}

  /** The final choice. */
  public record Chosen(
      @Param("candidate name") String candidate,
      @Param(value = "recipe that trains it", optional = true) String recipe,
      @Param(value = "its configuration as JSON", optional = true) String config,
      @Param("why it was chosen, citing the validation evidence") String why,
      @Param(value = "final validation metric", optional = true) Double score,
      @Param(value = "spread across seeds", optional = true) Double std,
      @Param(value = "seeds of the final refit", optional = true) List<Integer> seeds) {}
}
