package dev.mlintern.compute.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Why a run failed or is weak: a kind (out_of_memory, nan_or_divergence, plateau, overfitting,
 * timeout, missing_module, import_error, missing_file, missing_dependency, schema_mismatch,
 * bad_hyperparameter; for LLM post-training runs also reward_collapse, entropy_collapse, kl_blowup,
 * loss_spike, divergence, oom), a severity (error for failed runs, warn for weak ones), a one-line
 * summary, the evidence (log lines, metric values), concrete next configs to try and, where known,
 * one note per next config saying why — a note starting with {@value #NEEDS_APPROVAL} marks a
 * change the user must approve (it changes the method or costs money), which nobody applies
 * unasked.
 */
public record Finding(
    String kind,
    String severity,
    String summary,
    List<String> evidence,
    List<JsonNode> nextConfigs,
    List<String> notes) {
  public static final String NEEDS_APPROVAL = "needs approval: ";

  public Finding {
    evidence = List.copyOf(evidence);
    nextConfigs = List.copyOf(nextConfigs);
    notes = notes == null ? List.of() : List.copyOf(notes);
  }

  public Finding(
      String kind,
      String severity,
      String summary,
      List<String> evidence,
      List<JsonNode> nextConfigs) {
    this(kind, severity, summary, evidence, nextConfigs, List.of());
  }

  /** True when the i-th next config needs the user's approval before it is run. */
  public boolean needsApproval(int i) {
    return i < notes.size() && notes.get(i).startsWith(NEEDS_APPROVAL);
  }
}
