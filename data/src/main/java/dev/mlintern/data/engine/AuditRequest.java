package dev.mlintern.data.engine;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What to audit: a training file, optionally a test file, the target, the id column (never flagged
 * as leakage), the text column (for near-duplicates; found automatically when absent), an
 * evaluation file for contamination and its text column, the task type ({@code classification},
 * {@code regression}, {@code text-classification}; inferred when absent), the n-gram length and the
 * Jaccard threshold for near-duplicates.
 */
public record AuditRequest(
    Path train,
    Optional<Path> test,
    Optional<String> target,
    Optional<String> id,
    Optional<String> text,
    Optional<Path> eval,
    Optional<String> evalText,
    Optional<String> type,
    int ngram,
    double nearThreshold) {

  public static AuditRequest of(Path train) {
    return new AuditRequest(
        train,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        NGramOverlap.DEFAULT_N,
        0.8);
  }

  public AuditRequest withTest(Path test) {
    return new AuditRequest(
        train,
        Optional.ofNullable(test),
        target,
        id,
        text,
        eval,
        evalText,
        type,
        ngram,
        nearThreshold);
  }

  public AuditRequest withTarget(String target) {
    return new AuditRequest(
        train,
        test,
        Optional.ofNullable(target),
        id,
        text,
        eval,
        evalText,
        type,
        ngram,
        nearThreshold);
  }

  public AuditRequest withId(String id) {
    return new AuditRequest(
        train,
        test,
        target,
        Optional.ofNullable(id),
        text,
        eval,
        evalText,
        type,
        ngram,
        nearThreshold);
  }

  public AuditRequest withText(String text) {
    return new AuditRequest(
        train,
        test,
        target,
        id,
        Optional.ofNullable(text),
        eval,
        evalText,
        type,
        ngram,
        nearThreshold);
  }

  public AuditRequest withEval(Path eval, String evalText) {
    return new AuditRequest(
        train,
        test,
        target,
        id,
        text,
        Optional.ofNullable(eval),
        Optional.ofNullable(evalText),
        type,
        ngram,
        nearThreshold);
  }

  public AuditRequest withType(String type) {
    return new AuditRequest(
        train,
        test,
        target,
        id,
        text,
        eval,
        evalText,
        Optional.ofNullable(type),
        ngram,
        nearThreshold);
  }
}
