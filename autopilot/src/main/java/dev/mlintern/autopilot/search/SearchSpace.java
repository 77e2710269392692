package dev.mlintern.autopilot.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The candidates worth trying for a task type, in the order a practitioner would try them (strong
 * defaults first, so a short budget still covers them), and the neighbours of a good candidate for
 * improvement steps. The seed shuffles only the tail of the list, so runs with one seed are
 * repeatable.
 */
final class SearchSpace {
  private SearchSpace() {}

  /** The trivial baseline (predicts the prior or the mean) and the simple one (a linear model). */
  static List<Candidate> baselines(TaskBrief brief) {
    return List.of(
        Candidate.of("trivial", "dummy", Map.of(), "trivial baseline"),
        Candidate.of(
            "simple", "linear", brief.text() ? Map.of("C", 10.0) : Map.of(), "simple baseline"));
  }

  static List<Candidate> candidates(TaskBrief brief, DataShape shape, long seed) {
    List<Candidate> head = new ArrayList<>();
    List<Candidate> tail = new ArrayList<>();
    String why = "search space";
    if (shape.sameScale() && brief.classification()) {
      String scale = "search space: many numeric columns on one scale";
      head.add(Candidate.of("svm-pca50", "svm", Map.of("C", 10.0, "pca", 50), scale));
      head.add(Candidate.of("knn-pca40", "knn", Map.of("n_neighbors", 5, "pca", 40), scale));
      head.add(Candidate.of("extratrees", "extratrees", Map.of("n_estimators", 300), why));
      head.add(Candidate.of("svm-pca100", "svm", Map.of("C", 10.0, "pca", 100), scale));
      tail.add(Candidate.of("hgb", "hgb", Map.of(), why));
      tail.add(Candidate.of("svm-pca30-C30", "svm", Map.of("C", 30.0, "pca", 30), scale));
      tail.add(Candidate.of("linear-pca100", "linear", Map.of("C", 0.1, "pca", 100), scale));
      tail.add(Candidate.of("rf", "rf", Map.of("n_estimators", 300), why));
    } else if (shape.sameScale()) {
      String scale = "search space: many numeric columns on one scale";
      head.add(Candidate.of("svm-pca50", "svm", Map.of("C", 10.0, "pca", 50), scale));
      head.add(Candidate.of("hgb", "hgb", Map.of(), why));
      head.add(Candidate.of("ridge-a10", "linear", Map.of("alpha", 10.0), why));
      tail.add(Candidate.of("knn-pca40", "knn", Map.of("n_neighbors", 10, "pca", 40), scale));
      tail.add(Candidate.of("rf", "rf", Map.of("n_estimators", 300, "max_features", 0.3), why));
    } else if (brief.text()) {
      head.add(Candidate.of("linear-C3", "linear", Map.of("C", 3.0), why));
      head.add(Candidate.of("linear-C30", "linear", Map.of("C", 30.0), why));
      head.add(
          Candidate.of("linear-wc-C10", "linear", Map.of("C", 10.0, "text", "word+char"), why));
      head.add(Candidate.of("nb-a0.3", "nb", Map.of("alpha", 0.3), why));
      tail.add(Candidate.of("linsvm-C0.2", "linsvm", Map.of("C", 0.2), why));
      tail.add(Candidate.of("linear-wc-C3", "linear", Map.of("C", 3.0, "text", "word+char"), why));
      tail.add(Candidate.of("linear-C1", "linear", Map.of("C", 1.0), why));
      tail.add(Candidate.of("nb-a1", "nb", Map.of("alpha", 1.0), why));
      tail.add(
          Candidate.of("linsvm-wc-C0.1", "linsvm", Map.of("C", 0.1, "text", "word+char"), why));
    } else if (brief.classification()) {
      head.add(Candidate.of("hgb", "hgb", Map.of(), why));
      head.add(Candidate.of("rf", "rf", Map.of("n_estimators", 300), why));
      head.add(Candidate.of("svm-C10", "svm", Map.of("C", 10.0), why));
      head.add(Candidate.of("et", "extratrees", Map.of("n_estimators", 300), why));
      tail.add(Candidate.of("svm-C3", "svm", Map.of("C", 3.0), why));
      tail.add(Candidate.of("svm-C30", "svm", Map.of("C", 30.0), why));
      tail.add(Candidate.of("linear-C0.1", "linear", Map.of("C", 0.1), why));
      tail.add(
          Candidate.of(
              "hgb-slow",
              "hgb",
              Map.of(
                  "learning_rate",
                  0.05,
                  "max_iter",
                  200,
                  "max_leaf_nodes",
                  15,
                  "l2_regularization",
                  1.0),
              why));
      tail.add(
          Candidate.of("rf-mf0.5", "rf", Map.of("n_estimators", 300, "max_features", 0.5), why));
      tail.add(Candidate.of("knn-10", "knn", Map.of("n_neighbors", 10), why));
      tail.add(Candidate.of("linear-C10", "linear", Map.of("C", 10.0), why));
      tail.add(
          Candidate.of(
              "et-mf0.5", "extratrees", Map.of("n_estimators", 300, "max_features", 0.5), why));
    } else {
      head.add(Candidate.of("ridge-a10", "linear", Map.of("alpha", 10.0), why));
      head.add(Candidate.of("hgb", "hgb", Map.of(), why));
      head.add(Candidate.of("rf", "rf", Map.of("n_estimators", 300, "max_features", 0.5), why));
      // the recipe standardises a regression target, so an SVR's C and epsilon are scale-free;
      // a wide kernel (small gamma) suits prices and other smooth, nearly additive targets
      head.add(Candidate.of("svm-C10-g0.01", "svm", Map.of("C", 10.0, "gamma", 0.01), why));
      head.add(
          Candidate.of(
              "hgb-d3",
              "hgb",
              Map.of("learning_rate", 0.05, "max_iter", 500, "max_depth", 3),
              why));
      tail.add(Candidate.of("ridge-a0.1", "linear", Map.of("alpha", 0.1), why));
      tail.add(Candidate.of("ridge-a100", "linear", Map.of("alpha", 100.0), why));
      tail.add(
          Candidate.of("et", "extratrees", Map.of("n_estimators", 300, "max_features", 0.5), why));
      tail.add(
          Candidate.of(
              "hgb-slow",
              "hgb",
              Map.of(
                  "learning_rate",
                  0.05,
                  "max_iter",
                  200,
                  "max_leaf_nodes",
                  15,
                  "min_samples_leaf",
                  30,
                  "l2_regularization",
                  1.0),
              why));
      tail.add(Candidate.of("knn-15", "knn", Map.of("n_neighbors", 15), why));
      tail.add(Candidate.of("svm-C3", "svm", Map.of("C", 3.0), why));
      tail.add(
          Candidate.of(
              "rf-leaf5",
              "rf",
              Map.of("n_estimators", 300, "max_features", 0.5, "min_samples_leaf", 5),
              why));
    }
    java.util.Collections.shuffle(tail, new Random(seed));
    head.addAll(tail);
    return head;
  }

  /**
   * Neighbours of a good candidate: steps up and down its main knobs, which widen with each
   * generation (x2, x3, x4...), so the search keeps using its time once the space is exhausted. A
   * regression's linear model without an alpha has none: the recipe's RidgeCV already chooses its
   * own alpha, and it takes no C.
   */
  static List<Candidate> neighbours(Candidate best, int generation, boolean classification) {
    String tag = "-g" + generation;
    String why = "improvement step around " + best.name();
    if (best.family().equals("linear")
        && !classification
        && !best.model().path("params").has("alpha")) {
      return List.of();
    }
    double step = 1 + generation;
    return switch (best.family()) {
      case "svm", "linear", "linsvm" -> {
        String knob = best.model().path("params").has("alpha") ? "alpha" : "C";
        double value = best.param(knob, 1.0);
        List<Candidate> out = new ArrayList<>();
        out.add(best.with(best.name() + tag + "u", Map.of(knob, value * step), why));
        out.add(best.with(best.name() + tag + "d", Map.of(knob, value / step), why));
        if (best.model().path("params").path("gamma").isNumber()) {
          double gamma = best.param("gamma", 0.01);
          out.add(best.with(best.name() + tag + "w", Map.of("gamma", gamma / step), why));
          out.add(best.with(best.name() + tag + "n", Map.of("gamma", gamma * step), why));
        }
        yield out;
      }
      case "hgb" ->
          List.of(
              best.with(
                  best.name() + tag + "a",
                  Map.of(
                      "learning_rate",
                      best.param("learning_rate", 0.1) / 2,
                      "max_iter",
                      (int) best.param("max_iter", 100) * 2),
                  why),
              best.with(
                  best.name() + tag + "b",
                  Map.of(
                      "max_leaf_nodes",
                      Math.max(
                          4,
                          (int)
                              (generation % 2 == 1
                                  ? best.param("max_leaf_nodes", 31) * 2
                                  : best.param("max_leaf_nodes", 31) / 2))),
                  why),
              best.with(
                  best.name() + tag + "c",
                  Map.of("l2_regularization", best.param("l2_regularization", 0) + step / 2),
                  why));
      case "rf", "extratrees" ->
          List.of(
              best.with(
                  best.name() + tag + "a",
                  Map.of("n_estimators", Math.min(1200, (int) best.param("n_estimators", 300) * 2)),
                  why),
              best.with(
                  best.name() + tag + "b",
                  Map.of("max_features", generation % 2 == 1 ? 0.33 : 0.7),
                  why),
              best.with(best.name() + tag + "c", Map.of("min_samples_leaf", generation + 1), why));
      case "knn" ->
          List.of(
              best.with(
                  best.name() + tag + "a",
                  Map.of("n_neighbors", (int) best.param("n_neighbors", 10) + 5 * generation),
                  why),
              best.with(
                  best.name() + tag + "b",
                  Map.of("n_neighbors", Math.max(1, (int) best.param("n_neighbors", 10) - 2)),
                  why));
      case "nb" ->
          List.of(
              best.with(
                  best.name() + tag + "a", Map.of("alpha", best.param("alpha", 0.5) / step), why));
      default -> List.of();
    };
  }
}
