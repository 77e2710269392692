package dev.mlintern.autopilot.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The final choice, made on the validation rows the search never saw: the best search candidate of
 * each of the three best model families, the simple baseline and a blend of those three (weighted
 * on their out-of-fold predictions) are each fit on the search rows and scored there, so the blend
 * is kept only when it beats the single models on rows the search never used (its score on its
 * members' out-of-fold rows stands in for the cross-validation it never had). The best validation
 * score wins; a simpler finalist within noise of it (one standard error, as in the
 * one-standard-error rule) wins instead, because that difference is not evidence.
 */
final class Selection {
  /** A finalist with its evidence. */
  record Finalist(
      Candidate candidate,
      double cvScore,
      double cvStd,
      double holdout,
      double holdoutStd,
      double pooled,
      double standardError) {}

  /** The choice and a sentence saying why. */
  record Choice(Finalist chosen, List<Finalist> finalists, String why) {}

  private Selection() {}

  /** The standard error of a score measured on {@code rows} rows, roughly, by the metric's kind. */
  private static double standardError(TaskBrief brief, double score, double rows) {
    if (!Double.isFinite(score) || rows <= 0) {
      return 0;
    }
    if (!brief.higherIsBetter()) {
      return Math.abs(score) / Math.sqrt(2 * rows);
    }
    double p = Math.min(1, Math.max(0, score));
    double se = Math.sqrt(p * (1 - p) / rows);
    return brief.metric().equals("roc_auc") ? 2 * se : se;
  }

  static List<Candidate> finalists(SearchState state, TaskBrief brief) {
    List<Candidate> top = leaders(state, 3);
    List<Candidate> out = new ArrayList<>(top);
    state.tried().stream()
        .filter(c -> c.name().equals("simple"))
        .findFirst()
        .filter(c -> !out.contains(c) && !state.failed("simple"))
        .ifPresent(out::add);
    if (top.size() >= 2) {
      Map<String, List<String>> oof = new HashMap<>();
      top.forEach(c -> oof.put(c.name(), state.oofFiles(c.name())));
      out.add(Candidate.ensemble(top, oof));
    }
    return out;
  }

  /**
   * The best candidate of each of the {@code families} best model families, best first: three
   * variants of one linear model would validate the same thing three times, and blend into nothing
   * new.
   */
  static List<Candidate> leaders(SearchState state, int families) {
    Map<String, Candidate> best = new java.util.LinkedHashMap<>();
    state.ranked().forEach(c -> best.putIfAbsent(c.family(), c));
    return best.values().stream().limit(families).toList();
  }

  /**
   * The choice among the validated finalists. Each is judged on its pooled evidence: its reserve
   * score and its cross-validation score, weighted by the rows each covers (on small data a fifth
   * of the rows is a noisy judge on its own). A simpler finalist within noise of the leader (a
   * quarter of its fold spread, or the standard error of its pooled estimate, whichever is larger:
   * a leader with little evidence, such as one fold and a lucky reserve, has a wide margin) is kept
   * instead.
   */
  static Optional<Choice> choose(
      SearchState state, TaskBrief brief, List<Candidate> finalists, DataShape shape) {
    double reserveRows = Math.max(1, shape.rows() * 0.2);
    double foldRows = shape.rows() * 0.8 / 5;
    List<Finalist> scored = new ArrayList<>();
    for (Candidate c : finalists) {
      state
          .holdout(c.name())
          .ifPresent(
              h -> {
                // a blend has no folds of its own: its score on its members' out-of-fold rows
                // (every search row) stands in for them
                double cv = state.cvScore(c.name()).orElse(h.oofScore());
                int folds = state.cvFolds(c.name()) > 0 ? state.cvFolds(c.name()) : 5;
                double cvRows = Double.isFinite(cv) ? folds * foldRows : 0;
                double pooled =
                    cvRows > 0
                        ? (cv * cvRows + h.score() * reserveRows) / (cvRows + reserveRows)
                        : h.score();
                scored.add(
                    new Finalist(
                        c,
                        cv,
                        state.cvStd(c.name()),
                        h.score(),
                        h.std(),
                        pooled,
                        standardError(brief, pooled, cvRows + reserveRows)));
              });
    }
    if (scored.isEmpty()) {
      return Optional.empty();
    }
    Comparator<Double> better = state.better();
    scored.sort(
        Comparator.comparing(Finalist::pooled, better)
            .thenComparingInt(f -> f.candidate().complexity()));
    Finalist leader = scored.get(0);
    double margin =
        Math.max(Double.isFinite(leader.cvStd()) ? leader.cvStd() / 4 : 0, leader.standardError());
    Finalist chosen = leader;
    for (Finalist f : scored) {
      if (f.candidate().complexity() < chosen.candidate().complexity()
          && Math.abs(f.pooled() - leader.pooled()) <= margin) {
        chosen = f;
      }
    }
    String why =
        chosen == leader
            ? String.format(
                Locale.ROOT,
                "%s has the best %s (%.5f on rows the search never used, %.5f pooled with its"
                    + " cross-validation) of %d validated finalists",
                chosen.candidate().name(),
                brief.metric(),
                chosen.holdout(),
                chosen.pooled(),
                scored.size())
            : String.format(
                Locale.ROOT,
                "%s scores %.5f on validation (%.5f pooled with its cross-validation), within noise"
                    + " (%.5f) of %s at %.5f pooled, and is simpler, so it is kept",
                chosen.candidate().name(),
                chosen.holdout(),
                chosen.pooled(),
                margin,
                leader.candidate().name(),
                leader.pooled());
    return Optional.of(new Choice(chosen, List.copyOf(scored), why));
  }
}
