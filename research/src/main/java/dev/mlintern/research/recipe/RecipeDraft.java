package dev.mlintern.research.recipe;

import dev.mlintern.research.read.DatasetFinder;
import dev.mlintern.research.read.HyperparameterFinder;
import dev.mlintern.research.read.Mention;
import dev.mlintern.research.read.PaperDocument;
import dev.mlintern.research.read.ReportedResult;
import dev.mlintern.research.read.ResultsTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A first recipe for a paper built only from the reading helpers: candidate datasets, the first
 * value found for each hyperparameter, and results-table numbers. The model checks it against the
 * text and saves a corrected one; the autopilot may use it as it is.
 */
public final class RecipeDraft {
  private static final int MAX_METRICS = 30;

  private RecipeDraft() {}

  public static Recipe from(String paper, PaperDocument doc) {
    List<Recipe.Item> datasets = new ArrayList<>();
    for (Mention m : DatasetFinder.find(doc)) {
      datasets.add(new Recipe.Item(m.name(), null, m.location()));
    }
    Map<String, Recipe.Item> hyper = new LinkedHashMap<>();
    for (Mention m : HyperparameterFinder.find(doc)) {
      hyper.putIfAbsent(m.name(), new Recipe.Item(m.name(), m.value(), m.location()));
    }
    Recipe.Item optimizer = hyper.remove("optimizer");
    List<Recipe.Item> hyperparameters = new ArrayList<>(hyper.values());
    if (optimizer != null) {
      hyperparameters.add(optimizer);
    }
    List<Recipe.Item> metrics = new ArrayList<>();
    for (ReportedResult r : ResultsTables.find(doc)) {
      if (metrics.size() < MAX_METRICS) {
        metrics.add(new Recipe.Item(r.row() + " / " + r.column(), r.raw(), r.location()));
      }
    }
    return new Recipe(
        paper,
        datasets,
        null,
        null,
        hyperparameters,
        metrics,
        "draft from pattern matching; check each item against the paper before relying on it");
  }
}
