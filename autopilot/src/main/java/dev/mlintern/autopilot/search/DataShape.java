package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * The size of the training data as the quick audit measured it, which sets how the search spends
 * its time: wide or large data is searched on a subsample, and many numeric columns on one scale
 * (pixels, spectra) call for models that suit them.
 *
 * @param rows training rows
 * @param columns feature columns
 * @param classes target classes (1 for regression)
 * @param sameScale at least 50 numeric columns, most spanning a quarter of the widest one's range
 *     or more
 */
record DataShape(int rows, int columns, int classes, boolean sameScale) {
  /** Search folds fit on at most this many cells (rows x columns); more is subsampled. */
  static final long SEARCH_CELLS = 1_500_000;

  /** Never subsample below this many rows. */
  static final int MIN_SEARCH_ROWS = 2_000;

  static DataShape unknown() {
    return new DataShape(0, 0, 1, false);
  }

  /** From the recipe's audit details ({@code rows}, {@code columns}, {@code classes}...). */
  static DataShape of(JsonNode audit) {
    return new DataShape(
        audit.path("rows").asInt(0),
        audit.path("columns").asInt(0),
        Math.max(1, audit.path("classes").size()),
        audit.path("same_scale").asBoolean(false));
  }

  /**
   * Rows the search folds fit on when the data is too big to search whole (four fifths of the rows
   * not reserved would be more than {@link #SEARCH_CELLS} cells); empty to use them all.
   */
  Optional<Integer> searchRows() {
    long foldRows = Math.round(rows * 0.8 * 0.8);
    if (columns == 0 || foldRows * columns <= SEARCH_CELLS) {
      return Optional.empty();
    }
    int cap = (int) Math.max(MIN_SEARCH_ROWS, SEARCH_CELLS / columns);
    return cap < foldRows ? Optional.of(cap) : Optional.empty();
  }

  /**
   * How much longer a fit on {@code rows} takes than one on the search folds' rows: linear in rows
   * for most families, quadratic for kernel SVMs.
   */
  double scaleTo(double fitRows, String family) {
    double searched = searchRows().map(Integer::doubleValue).orElse(rows * 0.8 * 0.8);
    if (searched <= 0) {
      return 1;
    }
    double ratio = Math.max(1, fitRows / searched);
    return family.equals("svm") ? ratio * ratio : ratio;
  }
}
