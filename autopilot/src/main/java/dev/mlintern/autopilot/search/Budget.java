package dev.mlintern.autopilot.search;

import java.util.ArrayList;
import java.util.List;

/**
 * The time contract of a run, at one moment: how long each trial may run (its job's timeout), which
 * trials fit in the time left, and how much is kept for validating the finalists and the final fit.
 * A trial whose estimate does not fit is not started; one that overruns is stopped by its timeout;
 * the final fit gets what is left but {@link #TAIL}, and at least enough to start a job and copy
 * the fallback.
 */
final class Budget {
  /** Estimates are multiplied by this before they are compared with the time left. */
  static final double SLACK = 1.15;

  /**
   * At most this share of the budget is held back for validation and the final fit; the rest
   * searches.
   */
  private static final double MAX_RESERVE = 0.4;

  /**
   * Seconds kept after the final fit: the jobs tool notices a job's end within its 2 s poll, then
   * the report and the closing answer.
   */
  private static final double TAIL = 5;

  private final TaskBrief brief;
  private final SearchState state;
  private final Costs costs;
  private final int parallel;
  private final double left;

  /**
   * @param parallel trials that run side by side
   * @param left seconds left of the task's budget
   */
  Budget(TaskBrief brief, SearchState state, Costs costs, int parallel, double left) {
    this.brief = brief;
    this.state = state;
    this.costs = costs;
    this.parallel = parallel;
    this.left = left;
  }

  /** The timeout of the quick audit, before anything is known of the data. */
  static double audit(double left) {
    return Math.max(5, Math.min(120, left * 0.2));
  }

  /** The least time a final fit is given: enough to start a job and copy the fallback. */
  private double finalMin() {
    return costs.start() + 3;
  }

  /** The trivial model's validation: cheap, and the submission of last resort. */
  double trivial() {
    return Math.min(60, left - TAIL);
  }

  /** The simple baseline, which every later choice is measured against: all but the reserve. */
  double baseline() {
    return Math.max(5, left - reserve());
  }

  /** Whether a search trial with this estimate fits before the reserve. */
  boolean fits(double estimate) {
    return estimate * SLACK + reserve() <= left;
  }

  /** A search trial's timeout: a few times its estimate, never into the reserve. */
  double search(double estimate) {
    return Math.max(5, Math.min(left - reserve(), estimate * 3 + 20));
  }

  /** A finalist's validation: a few times its estimate, leaving time for the final fit. */
  double holdout(Candidate c) {
    double fit = Math.max(finalMin(), Math.min(costs.fit(c, 1), left * 0.3));
    return Math.max(3, Math.min(left - TAIL - fit, costs.holdout(c) * 3 + 20));
  }

  /** The final fit's timeout: all that is left but the tail. */
  double finalFit() {
    return Math.max(finalMin(), left - TAIL);
  }

  /**
   * Seconds to keep for validating the likely finalists and fitting the winner, capped so that
   * expensive early candidates cannot starve the search (a final fit that cannot finish leaves the
   * best validated model's predictions instead); finalists that no longer fit are dropped at
   * validation time.
   */
  double reserve() {
    List<Candidate> finalists =
        Selection.finalists(state, brief).stream()
            .filter(c -> !c.family().equals("ensemble"))
            .limit(3)
            .toList();
    double holdout = finalists.stream().mapToDouble(costs::holdout).sum() / parallel;
    double fit =
        finalists.stream()
            .mapToDouble(c -> costs.fit(c, c.seeds().size()))
            .max()
            .orElse(costs.start());
    return Math.max(
        finalMin() + TAIL,
        Math.min((holdout + fit) * SLACK + TAIL + 5, brief.budgetSeconds() * MAX_RESERVE));
  }

  /**
   * The finalists whose validation fits in the time left, keeping time for one final fit, and at
   * least the leader when its validation fits before the final's minimum.
   */
  List<Candidate> affordable(List<Candidate> finalists) {
    double fit = finalists.stream().mapToDouble(c -> costs.fit(c, 1)).max().orElse(costs.start());
    double room = left - Math.max(finalMin(), Math.min(fit * SLACK, left * 0.3)) - TAIL;
    List<Candidate> out = new ArrayList<>();
    double spent = 0;
    for (Candidate c : finalists) {
      double cost = costs.holdout(c) / parallel * SLACK;
      if (spent + cost <= room) {
        out.add(c);
        spent += cost;
      }
    }
    // evidence on unseen rows beats a refit on every row: the leader is validated even when that
    // leaves the final only time to copy its predictions
    if (out.isEmpty()
        && !finalists.isEmpty()
        && costs.holdout(finalists.get(0)) * SLACK <= left - finalMin() - TAIL) {
      out.add(finalists.get(0));
    }
    return out;
  }

  /**
   * Seeds of the final fit that fit in the time left; 0 (no refit: the fallback is the submission)
   * when not even one does and there is a fallback.
   */
  int seeds(Candidate chosen, boolean hasFallback) {
    for (int seeds = chosen.seeds().size(); seeds >= 1; seeds--) {
      if (costs.fit(chosen, seeds) * SLACK <= left - TAIL) {
        return seeds;
      }
    }
    return hasFallback ? 0 : 1;
  }
}
