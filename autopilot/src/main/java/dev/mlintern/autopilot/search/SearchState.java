package dev.mlintern.autopilot.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What the search knows so far, per candidate: the cross-validation folds scored, failures, holdout
 * and final fits. Rungs of the successive-halving schedule are fixed fold sets: rung 0 = fold 0,
 * rung 1 = folds 1-2, rung 2 = folds 3-4 (of 5).
 */
final class SearchState {
  static final List<List<Integer>> RUNGS = List.of(List.of(0), List.of(1, 2), List.of(3, 4));

  private final TaskBrief brief;
  private final List<TrialRecord> records;
  private final Map<String, Candidate> pool = new LinkedHashMap<>();

  SearchState(TaskBrief brief, List<TrialRecord> records) {
    this.brief = brief;
    this.records = List.copyOf(records);
    for (TrialRecord r : records) {
      pool.putIfAbsent(r.candidate().name(), r.candidate());
    }
  }

  List<TrialRecord> records() {
    return records;
  }

  /** Every candidate seen in a trial so far, in first-tried order. */
  List<Candidate> tried() {
    return List.copyOf(pool.values());
  }

  boolean seen(String candidate) {
    return pool.containsKey(candidate);
  }

  /** Whether a candidate with the same model and parameters was tried, under any name. */
  boolean seenModel(Candidate candidate) {
    return pool.values().stream().anyMatch(c -> c.model().equals(candidate.model()));
  }

  /**
   * Model families that failed twice with the same error: trying a third of them would only fail
   * again, so the search stops trying that family (the error is in the data or the environment, not
   * in one configuration). Maps each to the error.
   */
  Map<String, String> brokenFamilies() {
    Map<String, String> out = new LinkedHashMap<>();
    Map<String, List<String>> errors = new LinkedHashMap<>();
    for (TrialRecord r : records) {
      if (r.ok() || r.error() == null || r.candidate().family().equals("ensemble")) {
        continue;
      }
      String family = r.candidate().family();
      String error = r.error().lines().findFirst().orElse("").strip();
      List<String> seen = errors.computeIfAbsent(family, f -> new ArrayList<>());
      if (seen.contains(error)) {
        out.putIfAbsent(family, error);
      }
      seen.add(error);
    }
    return out;
  }

  List<TrialRecord> of(String candidate, String mode) {
    return records.stream()
        .filter(r -> r.candidate().name().equals(candidate) && r.mode().equals(mode))
        .toList();
  }

  boolean failed(String candidate) {
    return records.stream().anyMatch(r -> r.candidate().name().equals(candidate) && !r.ok());
  }

  /** Rungs completed by a candidate (0 = not yet scored on fold 0). */
  int rungs(String candidate) {
    List<Integer> folds = new ArrayList<>();
    of(candidate, "cv").stream().filter(TrialRecord::ok).forEach(r -> folds.addAll(r.folds()));
    int done = 0;
    for (List<Integer> rung : RUNGS) {
      if (!folds.containsAll(rung)) {
        break;
      }
      done++;
    }
    return done;
  }

  /** Mean cross-validation score over every fold a candidate was scored on. */
  OptionalDouble cvScore(String candidate) {
    return of(candidate, "cv").stream()
        .filter(TrialRecord::ok)
        .flatMap(r -> r.foldScores().stream())
        .mapToDouble(Double::doubleValue)
        .average();
  }

  /** How many distinct folds a candidate was scored on. */
  int cvFolds(String candidate) {
    return (int)
        of(candidate, "cv").stream()
            .filter(TrialRecord::ok)
            .flatMap(r -> r.folds().stream())
            .distinct()
            .count();
  }

  double cvStd(String candidate) {
    List<Double> scores =
        of(candidate, "cv").stream()
            .filter(TrialRecord::ok)
            .flatMap(r -> r.foldScores().stream())
            .toList();
    double mean = scores.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    return Math.sqrt(scores.stream().mapToDouble(s -> (s - mean) * (s - mean)).average().orElse(0));
  }

  /**
   * The out-of-fold prediction files its successful cross-validation trials wrote (in the
   * workspace, where a later job can read them; a job never sees another job's folder).
   */
  List<String> oofFiles(String candidate) {
    return of(candidate, "cv").stream()
        .filter(r -> r.ok() && r.config().hasNonNull("oof"))
        .map(r -> r.config().path("oof").asText())
        .toList();
  }

  OptionalDouble trainScore(String candidate) {
    return of(candidate, "cv").stream()
        .filter(TrialRecord::ok)
        .mapToDouble(TrialRecord::trainScore)
        .filter(Double::isFinite)
        .average();
  }

  Optional<TrialRecord> holdout(String candidate) {
    return of(candidate, "holdout").stream().filter(TrialRecord::ok).findFirst();
  }

  /** Whether the final fit ran (it may have failed: its fallback is then the submission). */
  boolean finalTried() {
    return records.stream().anyMatch(r -> r.mode().equals("final"));
  }

  /** A comparator that puts better scores first, whatever the metric's direction. */
  Comparator<Double> better() {
    return brief.higherIsBetter() ? Comparator.reverseOrder() : Comparator.naturalOrder();
  }

  /**
   * Candidates (not the trivial baseline) ranked by rungs reached, then CV score, then simplicity.
   * Rungs count up to the deepest rung at least two search candidates reached, so the simple
   * baseline (scored on every fold at once) competes on its score rather than on its head start.
   */
  List<Candidate> ranked() {
    List<Candidate> usable =
        tried().stream()
            .filter(c -> !c.name().equals("trivial") && !c.family().equals("ensemble"))
            .filter(
                c ->
                    !failed(c.name())
                        && rungs(c.name()) > 0
                        && Double.isFinite(cvScore(c.name()).orElse(Double.NaN)))
            .toList();
    List<Integer> depths =
        usable.stream()
            .filter(c -> !c.name().equals("simple"))
            .map(c -> rungs(c.name()))
            .sorted(Comparator.reverseOrder())
            .toList();
    int cap = depths.size() >= 2 ? depths.get(1) : 1;
    return usable.stream()
        .sorted(
            Comparator.<Candidate>comparingInt(c -> -Math.min(cap, rungs(c.name())))
                .thenComparing(c -> cvScore(c.name()).orElseThrow(), better())
                .thenComparingInt(Candidate::complexity)
                .thenComparing(Candidate::name))
        .toList();
  }

  /**
   * Measured seconds per fold (cv) of a candidate, else the mean for its family, else {@code
   * fallback}.
   */
  double costPerFold(Candidate c, double fallback) {
    OptionalDouble own =
        of(c.name(), "cv").stream()
            .filter(TrialRecord::ok)
            .mapToDouble(TrialRecord::secondsPerUnit)
            .average();
    if (own.isPresent()) {
      return own.getAsDouble();
    }
    if (c.family().equals("ensemble")) {
      double sum = 0;
      for (var member : c.model().path("params").path("members")) {
        String family = member.path("model").asText();
        sum += familyCost(family, fallback);
      }
      return sum;
    }
    return familyCost(c.family(), fallback);
  }

  private double familyCost(String family, double fallback) {
    return records.stream()
        .filter(r -> r.ok() && r.mode().equals("cv") && r.candidate().family().equals(family))
        .mapToDouble(TrialRecord::secondsPerUnit)
        .average()
        .orElse(fallback);
  }
}
