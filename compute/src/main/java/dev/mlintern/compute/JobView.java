package dev.mlintern.compute;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A job as a caller sees it after a refresh: the ledger row, the latest value of each metric it
 * printed and, once it ended, its result object ({@code result.json} or the {@code MLINTERN_RESULT}
 * line; null when it wrote none).
 */
public record JobView(JobRecord job, Map<String, MetricPoint> latest, JsonNode result) {
  public JobView {
    latest = Map.copyOf(latest);
  }
}
