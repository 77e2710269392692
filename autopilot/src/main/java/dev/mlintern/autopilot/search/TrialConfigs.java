package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Builds the recipe configs of the autopilot's trials from the brief, the audit's fixes and the
 * seed.
 */
record TrialConfigs(TaskBrief brief, AuditAdvice advice, long seed) {
  ObjectNode base(String mode) {
    ObjectNode c = Candidate.JSON.createObjectNode();
    c.put("train", brief.train());
    if (brief.test() != null) {
      c.put("test", brief.test());
    }
    c.put("target", brief.target());
    c.put("id", brief.id());
    c.put("type", brief.type());
    c.put("metric", brief.metric());
    if (brief.positive() != null) {
      c.put("positive", brief.positive());
    }
    c.put("mode", mode);
    if (advice != null) {
      c.put("dedup", advice.dedup());
      var drop = c.putArray("drop");
      advice.drop().forEach(drop::add);
    }
    c.putObject("holdout").put("fraction", 0.2).put("seed", seed);
    c.put("folds", 5);
    c.put("seed", seed);
    return c;
  }

  ObjectNode audit() {
    return base("audit");
  }

  ObjectNode cv(Candidate candidate, List<Integer> folds) {
    ObjectNode c = withCandidate(base("cv"), candidate);
    var use = c.putArray("use_folds");
    folds.forEach(use::add);
    if (candidate.family().equals("hgb") && folds.contains(0)) {
      c.put("curve", true);
    }
    return c;
  }

  ObjectNode holdout(Candidate candidate) {
    ObjectNode c = withCandidate(base("holdout"), candidate);
    var seeds = c.putArray("seeds");
    candidate.seeds().forEach(s -> seeds.add(s + seed));
    return c;
  }

  ObjectNode fit(Candidate candidate, String predictions) {
    ObjectNode c = withCandidate(base("final"), candidate);
    var seeds = c.putArray("seeds");
    candidate.seeds().forEach(s -> seeds.add(s + seed));
    c.put("predictions", predictions);
    return c;
  }

  private static ObjectNode withCandidate(ObjectNode c, Candidate candidate) {
    c.put("candidate", candidate.name());
    c.put("origin", candidate.origin());
    c.put("complexity", candidate.complexity());
    c.set("model", candidate.model());
    return c;
  }
}
