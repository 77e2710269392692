package dev.mlintern.data.engine;

import static dev.mlintern.data.engine.DataEngine.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.data.engine.AuditReport.Finding;
import dev.mlintern.data.engine.AuditReport.Severity;
import dev.mlintern.data.engine.DataEngine.Column;
import dev.mlintern.data.engine.DataEngine.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Audits a dataset for the problems that make fine-tunes and benchmarks lie, and decides the
 * verdict.
 *
 * <p>Severity rules (the verdict is then: any block → NO-GO, any warn → GO-WITH-FIXES, else GO):
 *
 * <ul>
 *   <li>{@code leakage}, block: a single feature predicts the target almost perfectly (≥ 98% of
 *       rows from its value or its quantile bin, while the majority class covers under 90%; for a
 *       numeric target |r| ≥ 0.99).
 *   <li>{@code contamination}, block when ≥ 1% of evaluation items share a 13-gram with the
 *       training texts, warn below that.
 *   <li>{@code train_test_overlap}, block when half the test rows or more also occur in training
 *       (the evaluation would measure memory), warn otherwise — real data sets do contain some
 *       identical rows.
 *   <li>{@code duplicates} (exact rows, id ignored) and {@code near_duplicates} (MinHash, Jaccard ≥
 *       0.8): warn above 1% (5% for near-duplicates) of rows, info below.
 *   <li>{@code imbalance}: warn when the rarest class is under a tenth of the commonest, info under
 *       a fifth.
 *   <li>{@code leakage} of an identifier-like column (every value distinct, and named like an id or
 *       a row counter), warn; the declared id column is never flagged.
 *   <li>{@code missing}: warn for a missing target or a feature over half empty, info otherwise.
 * </ul>
 */
public final class Auditor {
  private final DataEngine engine;

  public Auditor(DataEngine engine) {
    this.engine = engine;
  }

  public AuditReport audit(AuditRequest request) {
    Table train = engine.load("train", request.train());
    Optional<Table> test = request.test().map(p -> engine.load("test", p));
    Optional<Table> eval = request.eval().map(p -> engine.load("eval", p));
    engine.lock(List.of());
    String target = request.target().orElse(null);
    if (target != null) {
      train.require(target, "target");
    }
    String id = request.id().filter(i -> train.column(i).isPresent()).orElse(null);
    ObjectNode profile = new Profiler(engine).profile(train, target);
    test.ifPresent(t -> profile.put("test_rows", t.rows()));
    List<Finding> findings = new ArrayList<>();
    Checks checks = new Checks(engine, train, id, target);

    findings.addAll(checks.missing(profile));
    findings.addAll(checks.duplicates());
    test.ifPresent(t -> findings.addAll(checks.overlap(t)));
    boolean classification = target != null && isClassification(train, target, request.type());
    if (target != null) {
      profile.put("task", classification ? "classification" : "regression");
      if (classification) {
        findings.addAll(checks.imbalance(profile));
      }
      findings.addAll(
          new LeakageCheck(engine, train, id, target, classification)
              .knowing(profile)
              .targetLeaks());
      if (train.columns().size() > LeakageCheck.MAX_FEATURES + 2) {
        profile.put(
            "leakage_note",
            "target leakage was checked on the first " + LeakageCheck.MAX_FEATURES + " features");
      }
    }
    findings.addAll(new LeakageCheck(engine, train, id, target, classification).idLike(profile));
    Optional<String> text = request.text().or(() -> guessText(train, id, target));
    if (text.isPresent()) {
      MinHashLsh.requireText(train, text.get());
      profile.put("text_column", text.get());
      MinHashLsh lsh = new MinHashLsh(engine, request.nearThreshold());
      findings.addAll(checks.nearDuplicates(lsh, text.get(), request.nearThreshold()));
      if (test.isPresent() && test.get().column(text.get()).isPresent()) {
        findings.addAll(checks.nearOverlap(lsh, test.get(), text.get(), request.nearThreshold()));
      }
    }
    if (eval.isPresent()) {
      findings.addAll(contamination(request, train, eval.get(), text.orElse(null)));
    }
    findings.sort(Comparator.comparing(Finding::severity).reversed());
    return AuditReport.of(findings, profile);
  }

  private List<Finding> contamination(
      AuditRequest request, Table train, Table eval, String trainText) {
    if (trainText == null) {
      return List.of(
          new Finding(
              "contamination",
              Severity.WARN,
              "no text column to check for contamination; pass --text",
              List.of(),
              List.of()));
    }
    String evalText =
        request
            .evalText()
            .or(() -> eval.column(trainText).map(Column::name))
            .or(() -> guessText(eval, null, null))
            .orElse(trainText);
    MinHashLsh.requireText(eval, evalText);
    NGramOverlap.Result r =
        new NGramOverlap(engine, request.ngram())
            .check(train.name(), trainText, eval.name(), evalText);
    if (r.contaminated() == 0) {
      return List.of();
    }
    Severity severity = r.share() >= 0.01 ? Severity.BLOCK : Severity.WARN;
    List<JsonNode> examples = new ArrayList<>();
    for (NGramOverlap.Hit hit : r.examples()) {
      examples.add(
          Profiler.JSON
              .createObjectNode()
              .put("eval_row", hit.evalRow() + 1)
              .put("train_row", hit.trainRow() + 1)
              .put("shared_ngram", hit.ngram()));
    }
    return List.of(
        new Finding(
            "contamination",
            severity,
            r.contaminated()
                + " of "
                + r.checked()
                + " evaluation items ("
                + pct(r.share())
                + ") share a "
                + r.n()
                + "-gram with the training texts"
                + (r.tooShort() > 0
                    ? " (" + r.tooShort() + " items shorter than " + r.n() + " words not checked)"
                    : "")
                + "; remove those training rows or choose another evaluation set",
            List.of(trainText),
            examples));
  }

  /**
   * The declared type decides; otherwise a text target, or a numeric one with at most 20 values, is
   * a class label.
   */
  private boolean isClassification(Table train, String target, Optional<String> type) {
    if (type.isPresent()) {
      return !type.get().equalsIgnoreCase("regression");
    }
    return !train.require(target, "target").numeric()
        || engine.single("SELECT count(DISTINCT " + quote(target) + ") FROM " + quote(train.name()))
            <= 20;
  }

  private Optional<String> guessText(Table table, String id, String target) {
    String best = null;
    double bestLength = 40;
    for (Column c : table.columns()) {
      if (!c.text() || c.name().equals(id) || c.name().equals(target)) {
        continue;
      }
      double[] avg = {0};
      engine.query(
          "SELECT coalesce(avg(length(" + quote(c.name()) + ")), 0) FROM " + quote(table.name()),
          r -> avg[0] = r.getDouble(1));
      if (avg[0] >= bestLength) {
        best = c.name();
        bestLength = avg[0];
      }
    }
    return Optional.ofNullable(best);
  }

  static String pct(double share) {
    if (share > 0 && share < 0.001) {
      return "<0.1%";
    }
    return String.format(java.util.Locale.ROOT, "%.1f%%", share * 100);
  }
}
