package dev.mlintern.compute;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Why a run failed or is weak: a kind (out_of_memory, nan_or_divergence, plateau, overfitting, timeout,
 * missing_module, schema_mismatch, bad_hyperparameter), a severity (error for failed runs, warn for weak ones), a
 * one-line summary, the evidence (log lines, metric values) and concrete next configs to try.
 */
public record Finding(String kind, String severity, String summary, List<String> evidence, List<JsonNode> nextConfigs) {
  public Finding {
    evidence = List.copyOf(evidence);
    nextConfigs = List.copyOf(nextConfigs);
  }
}
