package dev.mlintern.app;

import dev.mlintern.core.AgentConfig;
import java.util.Optional;

/**
 * What a person chooses for one session: the model spec (empty: the configured default) and the
 * session's limits and modes, already in the loop's own shape ({@link AgentConfig}), so flags and
 * web requests set them once and nothing copies them field by field again.
 */
public record SessionOptions(Optional<String> modelSpec, AgentConfig agentConfig) {
  public SessionOptions {
    modelSpec = modelSpec == null ? Optional.empty() : modelSpec;
    agentConfig = agentConfig == null ? AgentConfig.defaults() : agentConfig;
  }

  public static SessionOptions defaults() {
    return new SessionOptions(Optional.empty(), AgentConfig.defaults());
  }

  public SessionOptions withModel(String spec) {
    return new SessionOptions(Optional.ofNullable(spec), agentConfig);
  }

  public SessionOptions withTimeBudget(java.time.Duration budget) {
    return new SessionOptions(modelSpec, agentConfig.withTimeBudget(budget));
  }
}
