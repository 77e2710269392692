package dev.mlintern.compute.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mlintern.compute.MetricsProtocol;
import java.time.Instant;

/**
 * One attempt in an experiment: what ran (config, code and data hashes, seed, executor), what it
 * cost, how it ended and what it measured. {@code parentRun} links runs into a search tree; {@code
 * metrics} maps names to numbers (or "NaN"), {@code artifacts} names to paths.
 */
public record RunRecord(
    String id,
    String experiment,
    String jobId,
    String parentRun,
    JsonNode config,
    String codeHash,
    String dataHash,
    Long seed,
    String executor,
    Double costUsd,
    String status,
    JsonNode metrics,
    JsonNode artifacts,
    String notes,
    Instant createdAt) {

  public RunRecord {
    metrics = metrics == null ? JsonNodeFactory.instance.objectNode() : metrics;
    artifacts = artifacts == null ? JsonNodeFactory.instance.objectNode() : artifacts;
    status = status == null ? "ok" : status;
  }

  /** The numeric value of one metric, or null when absent or not a number. */
  public Double metric(String name) {
    return MetricsProtocol.number(metrics.get(name));
  }
}
