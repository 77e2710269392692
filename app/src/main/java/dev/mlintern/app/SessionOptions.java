package dev.mlintern.app;

import java.time.Duration;
import java.util.Optional;

/**
 * What a person chooses for one session: the model spec (empty: the configured default), limits,
 * and whether asks are auto-approved. Values left null keep the engine's defaults.
 */
public record SessionOptions(
    Optional<String> modelSpec,
    Integer maxIterations,
    Double budgetUsd,
    Duration timeBudget,
    boolean autoApprove) {
  public SessionOptions {
    modelSpec = modelSpec == null ? Optional.empty() : modelSpec;
  }

  public static SessionOptions defaults() {
    return new SessionOptions(Optional.empty(), null, null, null, false);
  }

  public SessionOptions withModel(String spec) {
    return new SessionOptions(
        Optional.ofNullable(spec), maxIterations, budgetUsd, timeBudget, autoApprove);
  }

  public SessionOptions withAutoApprove(boolean value) {
    return new SessionOptions(modelSpec, maxIterations, budgetUsd, timeBudget, value);
  }
}
