package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The arguments of the autopilot's {@code report} call: goal, audit, trials (the ledger), learning
 * curves, the validation evidence, the choice and why, diagnosis notes, next steps and the command
 * that reproduces the run.
 */
record ReportArguments(
    TaskBrief brief,
    SearchState state,
    AuditAdvice advice,
    List<String> priors,
    List<String> notes,
    double elapsed) {

  ObjectNode build(Selection.Choice choice, Candidate chosen) {
    ObjectNode r = Candidate.JSON.createObjectNode();
    r.put("title", "mlintern autopilot: " + brief.name());
    r.put("goal", brief.goal());
    r.put("metric", brief.metric());
    r.put("higherIsBetter", brief.higherIsBetter());
    strings(r.putArray("audit"), advice.summary());
    strings(r.putArray("priors"), priors);
    ArrayNode trials = r.putArray("trials");
    ArrayNode curves = r.putArray("curves");
    for (TrialRecord t : state.records()) {
      ObjectNode row = trials.addObject();
      row.put("name", t.name());
      row.put("candidate", t.candidate().name());
      row.put("family", t.candidate().family());
      row.put("mode", t.mode());
      row.put("folds", t.folds().isEmpty() ? "" : t.folds().toString());
      row.put("status", t.ok() ? "ok" : "failed");
      if (t.ok()) {
        number(row, "score", t.score());
        number(row, "std", t.std());
        number(row, "trainScore", t.trainScore());
        number(row, "seconds", t.seconds());
      } else {
        row.put("note", t.error() == null ? "" : t.error().lines().findFirst().orElse(""));
      }
      row.put("config", t.candidate().model().toString());
      if (!t.rerun().isEmpty()) {
        row.put("rerun", t.rerun());
      }
      for (String split : List.of("train", "valid")) {
        ArrayNode points = Candidate.JSON.createArrayNode();
        for (JsonNode p : t.curve()) {
          if (p.path(0).asText().equals(split)) {
            points.addArray().add(p.path(1).asDouble()).add(p.path(2).asDouble());
          }
        }
        if (!points.isEmpty()) {
          ObjectNode curve = curves.addObject().put("trial", t.name()).put("split", split);
          curve.set("points", points);
        }
      }
    }
    ArrayNode validation = r.putArray("validation");
    if (choice != null) {
      for (Selection.Finalist f : choice.finalists()) {
        ObjectNode row = validation.addObject().put("candidate", f.candidate().name());
        number(row, "cvScore", f.cvScore());
        number(row, "cvStd", f.cvStd());
        number(row, "score", f.holdout());
        number(row, "std", f.holdoutStd());
        row.put("complexity", f.candidate().complexity());
      }
    }
    ObjectNode c = r.putObject("chosen");
    c.put("candidate", chosen.name());
    c.put("recipe", "tabular/" + chosen.family());
    c.put("config", chosen.model().toString());
    c.put(
        "why",
        choice == null
            ? "no finalist could be validated; chose the best cross-validation score"
            : choice.why());
    if (choice != null) {
      number(c, "score", choice.chosen().holdout());
      number(c, "std", choice.chosen().holdoutStd());
    } else {
      number(c, "score", state.cvScore(chosen.name()).orElse(Double.NaN));
      number(c, "std", state.cvStd(chosen.name()));
    }
    ArrayNode seeds = c.putArray("seeds");
    chosen.seeds().forEach(seeds::add);
    strings(
        r.putArray("diagnosis"),
        notes.isEmpty() ? List.of("no trial overfit, diverged or failed") : notes);
    strings(r.putArray("nextSteps"), nextSteps(chosen));
    r.put("reproduce", brief.reproduce() == null ? "" : brief.reproduce());
    if (brief.test() != null) {
      r.put("submission", brief.outputs() + "submission.csv");
    }
    r.put("elapsedSeconds", Math.round(elapsed * 10) / 10.0);
    return r;
  }

  private List<String> nextSteps(Candidate chosen) {
    List<String> steps = new ArrayList<>();
    steps.add("more budget: more folds per rung and a wider neighbourhood around " + chosen.name());
    if (brief.text()) {
      steps.add(
          "a small pretrained text encoder (fine-tuned on a GPU job) usually beats TF-IDF on reviews");
    } else {
      steps.add("stack the finalists with a meta-learner trained on out-of-fold predictions");
    }
    steps.add(
        String.format(
            Locale.ROOT,
            "feature work guided by the audit (%d findings) and per-class errors",
            advice.summary().size()));
    return steps;
  }

  private static void strings(ArrayNode array, List<String> values) {
    values.forEach(array::add);
  }

  private static void number(ObjectNode node, String key, double value) {
    if (Double.isFinite(value)) {
      node.put(key, value);
    }
  }
}
