package dev.mlintern.autopilot.search;

import java.util.List;

/** One unit of search work: score a candidate on the folds of a rung. */
record Work(Candidate candidate, int rung, List<Integer> folds) {
  Work {
    folds = List.copyOf(folds);
  }

  static Work rung(Candidate candidate, int rung) {
    return new Work(candidate, rung, SearchState.RUNGS.get(rung));
  }

  String trialName() {
    return candidate.name() + ".r" + rung;
  }
}
