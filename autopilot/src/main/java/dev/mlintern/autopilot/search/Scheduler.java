package dev.mlintern.autopilot.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Asynchronous successive halving over cross-validation folds: a candidate that finished a rung
 * moves to the next (more folds) when it ranks in the top half of those that finished that rung;
 * otherwise a new candidate starts on rung 0. Cheap folds weed out weak candidates; the survivors
 * earn an honest multi-fold estimate.
 */
final class Scheduler {
  private Scheduler() {}

  static List<Work> next(SearchState state, List<Candidate> pool, int capacity) {
    List<Work> work = new ArrayList<>();
    List<Candidate> ranked = state.ranked();
    for (int rung = SearchState.RUNGS.size() - 2; rung >= 0; rung--) {
      final int r = rung;
      List<Candidate> finished =
          ranked.stream().filter(c -> state.rungs(c.name()) >= r + 1).toList();
      int keep = finished.size() / 2;
      for (Candidate c : finished.subList(0, keep)) {
        if (state.rungs(c.name()) == r + 1) {
          work.add(Work.rung(c, r + 1));
        }
      }
    }
    for (Candidate c : pool) {
      if (!state.seen(c.name())) {
        work.add(Work.rung(c, 0));
      }
    }
    return work.subList(0, Math.min(capacity, work.size()));
  }
}
