package dev.mlintern.autopilot.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The final choice, made on the validation rows the search never saw: the three best search
 * candidates, the simple baseline and a blend of the top three (weighted on their out-of-fold
 * predictions) are each fit on the search rows and scored there, so the blend is kept only when it
 * beats the single models on rows the search never used. The best validation score wins; a simpler
 * finalist within a quarter of the leader's fold-to-fold spread wins instead, because that
 * difference is noise, not evidence.
 */
final class Selection {
  /** A finalist with its evidence. */
  record Finalist(
      Candidate candidate, double cvScore, double cvStd, double holdout, double holdoutStd) {}

  /** The choice and a sentence saying why. */
  record Choice(Finalist chosen, List<Finalist> finalists, String why) {}

  private Selection() {}

  static List<Candidate> finalists(SearchState state, TaskBrief brief) {
    List<Candidate> ranked = state.ranked();
    List<Candidate> out = new ArrayList<>(ranked.subList(0, Math.min(3, ranked.size())));
    state.tried().stream()
        .filter(c -> c.name().equals("simple"))
        .findFirst()
        .filter(c -> !out.contains(c) && !state.failed("simple"))
        .ifPresent(out::add);
    List<Candidate> top = ranked.subList(0, Math.min(3, ranked.size()));
    if (top.size() >= 2) {
      Map<String, List<String>> oof = new HashMap<>();
      top.forEach(c -> oof.put(c.name(), state.oofFiles(c.name())));
      out.add(Candidate.ensemble(top, oof));
    }
    return out;
  }

  static Optional<Choice> choose(SearchState state, TaskBrief brief, List<Candidate> finalists) {
    List<Finalist> scored = new ArrayList<>();
    for (Candidate c : finalists) {
      state
          .holdout(c.name())
          .ifPresent(
              h ->
                  scored.add(
                      new Finalist(
                          c,
                          state.cvScore(c.name()).orElse(Double.NaN),
                          state.cvStd(c.name()),
                          h.score(),
                          h.std())));
    }
    if (scored.isEmpty()) {
      return Optional.empty();
    }
    Comparator<Double> better = state.better();
    scored.sort(
        Comparator.comparing(Finalist::holdout, better)
            .thenComparingInt(f -> f.candidate().complexity()));
    Finalist leader = scored.get(0);
    double margin = Double.isFinite(leader.cvStd()) ? leader.cvStd() / 4 : 0;
    Finalist chosen = leader;
    for (Finalist f : scored) {
      if (f.candidate().complexity() < chosen.candidate().complexity()
          && Math.abs(f.holdout() - leader.holdout()) <= margin) {
        chosen = f;
      }
    }
    String why =
        chosen == leader
            ? String.format(
                Locale.ROOT,
                "%s has the best validation %s (%.5f) of %d finalists on rows the search never used",
                chosen.candidate().name(),
                brief.metric(),
                chosen.holdout(),
                scored.size())
            : String.format(
                Locale.ROOT,
                "%s scores %.5f on validation, within noise (a quarter of the fold spread, %.5f) of "
                    + "%s at %.5f, and is simpler, so it is kept",
                chosen.candidate().name(),
                chosen.holdout(),
                margin,
                leader.candidate().name(),
                leader.holdout());
    return Optional.of(new Choice(chosen, List.copyOf(scored), why));
  }
}
