package dev.mlintern.autopilot.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the trials for trouble and proposes what a careful person would try next: a regularized
 * variant of a leading candidate that overfits (large train/validation gap), a lower learning rate
 * for one that diverged, a note for a failure that is dropped, and one for a model family the
 * search stopped trying after the same error twice. Its notes go into the report.
 */
final class Diagnosis {
  record Finding(String note, Candidate fix) {}

  private Diagnosis() {}

  static List<Finding> findings(SearchState state, TaskBrief brief) {
    List<Finding> out = new ArrayList<>();
    List<Candidate> ranked = state.ranked();
    for (Candidate c : ranked.subList(0, Math.min(3, ranked.size()))) {
      if (c.origin().startsWith("diagnosis")) {
        continue;
      }
      double cv = state.cvScore(c.name()).orElse(Double.NaN);
      double train = state.trainScore(c.name()).orElse(Double.NaN);
      double gap = brief.higherIsBetter() ? train - cv : (cv - train) / Math.abs(cv);
      double limit = brief.higherIsBetter() ? 0.05 : 0.3;
      if (Double.isFinite(gap) && gap > limit) {
        Candidate fix = regularized(c);
        if (fix != null) {
          out.add(
              new Finding(
                  String.format(
                      Locale.ROOT,
                      "%s overfits: train %s %.4f vs cross-validation %.4f; trying the regularized %s",
                      c.name(),
                      brief.metric(),
                      train,
                      cv,
                      fix.name()),
                  fix));
        }
      }
    }
    for (TrialRecord r : state.records()) {
      earlyPeak(r, brief).ifPresent(out::add);
    }
    state
        .brokenFamilies()
        .forEach(
            (family, error) ->
                out.add(
                    new Finding(
                        "stopped trying "
                            + family
                            + " models: two of its trials failed with the same error ("
                            + firstLine(error)
                            + ")",
                        null)));
    for (TrialRecord r : state.records()) {
      Candidate c = r.candidate();
      if (!r.ok()) {
        String error = r.error() == null ? "" : r.error().toLowerCase(Locale.ROOT);
        boolean diverged =
            error.contains("nan") || error.contains("inf") || error.contains("overflow");
        if (diverged && c.family().equals("hgb")) {
          Candidate fix =
              c.with(
                  c.name() + "-lowlr",
                  Map.of("learning_rate", c.param("learning_rate", 0.1) / 5),
                  "diagnosis: divergence, lower learning rate");
          out.add(
              new Finding(
                  c.name() + " diverged; retrying with a lower learning rate as " + fix.name(),
                  fix));
        } else if (error.contains("timed out")
            && (c.family().equals("rf") || c.family().equals("extratrees"))) {
          Candidate fix =
              c.with(
                  c.name() + "-small",
                  Map.of("n_estimators", 100),
                  "diagnosis: timeout, fewer trees");
          out.add(
              new Finding(
                  c.name() + " timed out; retrying with fewer trees as " + fix.name(), fix));
        } else {
          out.add(
              new Finding(
                  "dropped "
                      + c.name()
                      + " after trial "
                      + r.name()
                      + " failed: "
                      + firstLine(r.error()),
                  null));
        }
      } else if (r.mode().equals("cv") && !Double.isFinite(r.score())) {
        out.add(new Finding(c.name() + " produced a non-finite score and is dropped", null));
      }
    }
    return out;
  }

  /**
   * A boosted model whose validation curve peaks well before its last iteration: stop it at the
   * peak.
   */
  private static java.util.Optional<Finding> earlyPeak(TrialRecord r, TaskBrief brief) {
    Candidate c = r.candidate();
    if (!r.ok() || !c.family().equals("hgb") || c.origin().startsWith("diagnosis")) {
      return java.util.Optional.empty();
    }
    double bestStep = 0;
    double best = Double.NaN;
    double lastStep = 0;
    double last = Double.NaN;
    for (var p : r.curve()) {
      if (!p.path(0).asText().equals("valid")) {
        continue;
      }
      double step = p.path(1).asDouble();
      double value = p.path(2).asDouble();
      if (Double.isNaN(best) || (brief.higherIsBetter() ? value > best : value < best)) {
        best = value;
        bestStep = step;
      }
      last = value;
      lastStep = step;
    }
    double loss = brief.higherIsBetter() ? best - last : (last - best) / Math.abs(best);
    if (Double.isNaN(best)
        || bestStep > lastStep / 2
        || loss <= (brief.higherIsBetter() ? 0.003 : 0.01)) {
      return java.util.Optional.empty();
    }
    int stop = (int) Math.max(10, bestStep);
    Candidate fix =
        c.with(
            c.name() + "-es" + stop,
            Map.of("max_iter", stop),
            "diagnosis: validation curve peaks early, stop at iteration " + stop);
    return java.util.Optional.of(
        new Finding(
            String.format(
                Locale.ROOT,
                "%s: the held-out %s peaks at iteration %d (%.4f) and ends at %.4f; trying %s with early stopping",
                c.name(),
                brief.metric(),
                (int) bestStep,
                best,
                last,
                fix.name()),
            fix));
  }

  static Candidate regularized(Candidate c) {
    String name = c.name() + "-reg";
    String why = "diagnosis: overfitting, regularized";
    return switch (c.family()) {
      case "rf", "extratrees" -> c.with(name, Map.of("min_samples_leaf", 5), why);
      case "hgb" ->
          c.with(
              name,
              Map.of(
                  "learning_rate",
                  c.param("learning_rate", 0.1) / 2,
                  "max_iter",
                  200,
                  "l2_regularization",
                  1.0,
                  "min_samples_leaf",
                  40),
              why);
      case "svm" -> c.with(name, Map.of("C", c.param("C", 1.0) / 3), why);
      case "linear" ->
          c.model().path("params").has("alpha")
              ? c.with(name, Map.of("alpha", c.param("alpha", 1.0) * 10), why)
              : c.with(name, Map.of("C", c.param("C", 1.0) / 10), why);
      case "knn" -> c.with(name, Map.of("n_neighbors", (int) c.param("n_neighbors", 10) * 2), why);
      default -> null;
    };
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unknown error";
    }
    String line = text.lines().findFirst().orElse(text);
    return line.length() > 200 ? line.substring(0, 200) + "…" : line;
  }
}
