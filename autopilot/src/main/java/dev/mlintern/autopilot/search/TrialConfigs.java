package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Builds the tabular recipe's configs for the autopilot's trials from the brief, the audit's fixes,
 * the data's shape and the seed. A fifth of the training rows is reserved (the same rows in every
 * trial): search folds never see them, finalists are scored on them. The autopilot's own notes
 * about a trial (its name, stage, candidate) ride along under {@code autopilot}; the recipe ignores
 * them, so any trial's config reruns as is: {@code python recipes/tabular.py --config FILE}. The
 * notes also carry {@code job_start}, the seconds the run's first job took to start, which later
 * steps read back from the transcript for their estimates.
 */
record TrialConfigs(
    TaskBrief brief, AuditAdvice advice, DataShape shape, long seed, double jobStart) {
  /** Where a finalist's model, fitted on the search rows, writes its test predictions. */
  String fallbackPath(String candidate) {
    return brief.outputs() + JobDispatch.FOLDER + "fallback/" + candidate + ".csv";
  }

  ObjectNode audit() {
    return note(base(), "audit", "audit", null).put("mode", "audit");
  }

  ObjectNode cv(String trial, Candidate candidate, List<Integer> folds) {
    ObjectNode c = withCandidate(base(), candidate);
    ObjectNode validation =
        c.putObject("validation").put("scheme", "kfold").put("folds", 5).put("seed", seed);
    var use = validation.putArray("use_folds");
    folds.forEach(use::add);
    if (candidate.family().equals("hgb") && folds.contains(0)) {
      c.put("curve", true);
    }
    shape.searchRows().ifPresent(rows -> c.put("sample", rows));
    c.put("refit", false);
    c.put("oof", brief.outputs() + JobDispatch.FOLDER + "oof/" + trial + ".csv");
    return note(c, trial, "cv", candidate);
  }

  /** Fits on the search rows, scores the reserved rows and writes a fallback submission. */
  ObjectNode holdout(String trial, Candidate candidate) {
    ObjectNode c = seeded(withCandidate(base(), candidate), candidate);
    c.putObject("validation").put("scheme", "reserve");
    c.put("refit", false);
    if (brief.test() != null) {
      c.put("predictions", fallbackPath(candidate.name()));
    }
    return note(c, trial, "holdout", candidate);
  }

  /**
   * Fits on every row with up to {@code seeds} seeds and writes the submission; it starts by
   * copying {@code fallback} (when there is one) to the submission, so a refit cut short still
   * leaves the best validated predictions. With no seeds it only copies the fallback.
   */
  ObjectNode fit(
      String trial, Candidate candidate, int seeds, String predictions, String fallback) {
    ObjectNode c = withCandidate(base(), candidate);
    var list = c.putArray("seeds");
    candidate.seeds().stream().limit(Math.max(1, seeds)).forEach(s -> list.add(s + seed));
    c.putObject("validation").put("scheme", "none");
    c.put("refit", seeds > 0);
    c.put("predictions", predictions);
    if (fallback != null) {
      c.put("fallback", fallback);
    }
    return note(c, trial, "final", candidate);
  }

  private ObjectNode base() {
    ObjectNode c = Candidate.JSON.createObjectNode();
    c.put("train", brief.train());
    if (brief.test() != null) {
      c.put("test", brief.test());
    }
    c.put("target", brief.target());
    c.put("id", brief.id());
    c.put("task", brief.type());
    c.put("metric", brief.metric());
    if (brief.positive() != null) {
      c.put("positive", brief.positive());
    }
    if (advice != null) {
      c.put("dedup", advice.dedup());
      var drop = c.putArray("drop");
      advice.drop().forEach(drop::add);
    }
    c.putObject("reserve").put("fraction", 0.2).put("seed", seed);
    c.put("seed", seed);
    c.put("n_jobs", 1);
    return c;
  }

  private ObjectNode seeded(ObjectNode c, Candidate candidate) {
    var seeds = c.putArray("seeds");
    candidate.seeds().forEach(s -> seeds.add(s + seed));
    return c;
  }

  private static ObjectNode withCandidate(ObjectNode c, Candidate candidate) {
    c.put("model", candidate.family());
    c.set("params", candidate.model().path("params").deepCopy());
    return c;
  }

  private ObjectNode note(ObjectNode c, String trial, String stage, Candidate candidate) {
    ObjectNode note = c.putObject("autopilot").put("trial", trial).put("stage", stage);
    if (jobStart > 0) {
      note.put("job_start", Math.round(jobStart * 10) / 10.0);
    }
    if (candidate != null) {
      note.put("candidate", candidate.name())
          .put("origin", candidate.origin())
          .put("complexity", candidate.complexity());
    }
    return c;
  }
}
