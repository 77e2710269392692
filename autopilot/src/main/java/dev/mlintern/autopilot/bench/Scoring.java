package dev.mlintern.autopilot.bench;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** The metric formulas, on aligned lists of true and predicted values. */
final class Scoring {
  private Scoring() {}

  static double accuracy(List<String> truth, List<String> predicted) {
    long hits =
        IntStream.range(0, truth.size()).filter(i -> truth.get(i).equals(predicted.get(i))).count();
    return (double) hits / truth.size();
  }

  static double f1(List<String> truth, List<String> predicted, String positive) {
    int tp = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < truth.size(); i++) {
      boolean t = truth.get(i).equals(positive);
      boolean p = predicted.get(i).equals(positive);
      if (t && p) {
        tp++;
      } else if (p) {
        fp++;
      } else if (t) {
        fn++;
      }
    }
    return tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
  }

  /** Area under the ROC curve by the rank-sum formula, ties sharing their average rank. */
  static double rocAuc(List<String> truth, double[] score, String positive) {
    Integer[] order = IntStream.range(0, score.length).boxed().toArray(Integer[]::new);
    Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
    double[] rank = new double[score.length];
    for (int i = 0; i < order.length; ) {
      int j = i;
      while (j + 1 < order.length && score[order[j + 1]] == score[order[i]]) {
        j++;
      }
      double average = (i + j) / 2.0 + 1;
      for (int k = i; k <= j; k++) {
        rank[order[k]] = average;
      }
      i = j + 1;
    }
    long positives = truth.stream().filter(positive::equals).count();
    long negatives = truth.size() - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double sum = 0;
    for (int i = 0; i < rank.length; i++) {
      if (truth.get(i).equals(positive)) {
        sum += rank[i];
      }
    }
    return (sum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
  }

  static double rmse(double[] truth, double[] predicted) {
    double sum = 0;
    for (int i = 0; i < truth.length; i++) {
      double d = truth[i] - predicted[i];
      sum += d * d;
    }
    return Math.sqrt(sum / truth.length);
  }

  static double rmsle(double[] truth, double[] predicted) {
    double[] t = Arrays.stream(truth).map(v -> Math.log1p(Math.max(v, 0))).toArray();
    double[] p = Arrays.stream(predicted).map(v -> Math.log1p(Math.max(v, 0))).toArray();
    return rmse(t, p);
  }

  static double mae(double[] truth, double[] predicted) {
    double sum = 0;
    for (int i = 0; i < truth.length; i++) {
      sum += Math.abs(truth[i] - predicted[i]);
    }
    return sum / truth.length;
  }
}
