package dev.mlintern.research.recipe;

import dev.mlintern.core.tool.Param;
import java.util.List;

/**
 * What a paper did, in a form an experiment can start from: datasets, base model, method,
 * hyperparameters and reported metrics, each with where in the paper it was read. Filled by the
 * model (or the autopilot) from the reading helpers, stored with the session and compared across
 * papers.
 */
public record Recipe(
    @Param("paper id, e.g. arxiv:1706.03762") String paper,
    @Param(value = "datasets used for training and evaluation", optional = true)
        List<Item> datasets,
    @Param(value = "the model the method starts from", optional = true) Item baseModel,
    @Param(value = "the training or inference method (SFT, LoRA, GRPO, …)", optional = true)
        Item method,
    @Param(value = "hyperparameters, name = value", optional = true) List<Item> hyperparameters,
    @Param(value = "reported results, name = metric (and dataset), value = number", optional = true)
        List<Item> metrics,
    @Param(value = "free-form remarks", optional = true) String notes) {
  public Recipe {
    datasets = datasets == null ? List.of() : List.copyOf(datasets);
    hyperparameters = hyperparameters == null ? List.of() : List.copyOf(hyperparameters);
    metrics = metrics == null ? List.of() : List.copyOf(metrics);
  }

  /**
   * One fact with its provenance: {@code source} is where it was read, e.g. "§4.2" or "Table 3".
   */
  public record Item(
      @Param("what it is, e.g. a dataset name or hyperparameter name") String name,
      @Param(value = "its value, e.g. a Hub id, 3e-4, 87.5", optional = true) String value,
      @Param("where in the paper it was read, e.g. §4.2 or Table 3") String source) {}
}
