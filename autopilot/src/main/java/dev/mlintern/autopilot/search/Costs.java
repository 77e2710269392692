package dev.mlintern.autopilot.search;

import java.util.Map;

/**
 * Seconds a trial is expected to take: what this run's trials measured (per candidate, else per
 * model family) where it can, else a prior from the data's shape (rows x columns x classes) scaled
 * by how slow each family is next to a linear model. Each job also pays {@code start} seconds to
 * start (sandbox, Python, imports, the data): measured on the run's first job, at least {@link
 * #START}.
 */
record Costs(SearchState state, DataShape shape, double start) {
  static final double START = 5;
  private static final Map<String, Double> RELATIVE =
      Map.of(
          "dummy",
          0.1,
          "linear",
          1.0,
          "nb",
          0.3,
          "linsvm",
          1.0,
          "knn",
          1.0,
          "svm",
          3.0,
          "rf",
          4.0,
          "extratrees",
          3.0,
          "hgb",
          4.0);

  /** Seconds per cross-validation fold on the search rows. */
  double perFold(Candidate c) {
    return state.costPerFold(c, prior(c));
  }

  double cv(Candidate c, int folds) {
    return start + perFold(c) * folds;
  }

  /** A fit on the search rows per seed, scored on the reserved rows. */
  double holdout(Candidate c) {
    return start + perFold(c) * shape.scaleTo(shape.rows() * 0.8, c.family()) * c.seeds().size();
  }

  /** A fit on every row per seed, predicting the test file. */
  double fit(Candidate c, int seeds) {
    return start + perFold(c) * 1.1 * shape.scaleTo(shape.rows(), c.family()) * seeds;
  }

  private double prior(Candidate c) {
    if (c.family().equals("ensemble")) {
      double sum = 0;
      for (var member : c.model().path("params").path("members")) {
        sum += familyPrior(member.path("model").asText());
      }
      return sum;
    }
    return familyPrior(c.family());
  }

  private double familyPrior(String family) {
    double linear =
        state.costPerFold(
            Candidate.of("simple", "linear", Map.of(), "simple baseline"),
            0.5 + shape.rows() * shape.columns() * 2e-7);
    double classes = family.equals("hgb") && shape.classes() > 2 ? shape.classes() / 2.0 : 1;
    return Math.max(0.2, linear) * RELATIVE.getOrDefault(family, 3.0) * classes;
  }
}
