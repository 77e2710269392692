package dev.mlintern.compute.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.tool.Param;

/** Operations of the {@code experiments} tool, one record each. */
public sealed interface ExperimentsInput {
  record Record(
      @Param("experiment name, e.g. credit-hgb") String experiment,
      @Param("metrics of the run, e.g. {\"val_roc_auc\": 0.84}") JsonNode metrics,
      @Param(value = "config the run used", optional = true) JsonNode config,
      @Param(value = "ok (default), failed, …", optional = true) String status,
      @Param(value = "run id this one refines", optional = true) String parent,
      @Param(value = "seed used", optional = true) Long seed,
      @Param(value = "what was tried and learned", optional = true) String notes)
      implements ExperimentsInput {}

  record Compare(
      @Param("first run id (r-…) or job id") String a, @Param("second run id or job id") String b)
      implements ExperimentsInput {}

  record Best(
      @Param("experiment name") String experiment,
      @Param("metric name, e.g. val_accuracy") String metric,
      @Param(
              value =
                  "true when higher is better (default: false for loss/rmse/mae/rmsle, else true)",
              optional = true)
          Boolean higher)
      implements ExperimentsInput {}

  record History(@Param("experiment name") String experiment, @Param("metric name") String metric)
      implements ExperimentsInput {}

  record List(
      @Param("experiment name to list its runs, or * to list all experiments") String experiment)
      implements ExperimentsInput {}
}
