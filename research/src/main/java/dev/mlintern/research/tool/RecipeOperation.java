package dev.mlintern.research.tool;

import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.research.Research;
import dev.mlintern.research.read.HyperparameterFinder;
import dev.mlintern.research.read.Mention;
import dev.mlintern.research.read.PaperDocument;
import dev.mlintern.research.read.ReportedResult;
import dev.mlintern.research.read.ResultsTables;
import dev.mlintern.research.recipe.Recipe;
import dev.mlintern.research.recipe.RecipeDraft;
import dev.mlintern.research.recipe.RecipeStore;
import java.util.List;
import java.util.Locale;

/**
 * The recipe operation: draft one from a paper, save one with the session, list them, compare them
 * in a table.
 */
final class RecipeOperation {
  private static final int SHOWN = 25;
  private final Research research;

  RecipeOperation(Research research) {
    this.research = research;
  }

  ToolResult run(PapersInput.Recipe input, ToolContext context) {
    RecipeStore store = new RecipeStore(context.workspace());
    String action = input.action() == null ? "" : input.action().toLowerCase(Locale.ROOT);
    return switch (action) {
      case "draft" -> draft(input.id());
      case "save" -> save(input.recipe(), store);
      case "list" ->
          PapersTool.untrusted(
              store.all().size() + " saved recipes (" + RecipeStore.FILE + "):\n",
              "recipes",
              json(store.all()),
              store.all());
      case "compare" ->
          PapersTool.untrusted(
              "Saved recipes side by side:\n",
              "recipes",
              RecipeStore.compare(store.all()),
              store.all());
      default ->
          throw new ToolException(
              "recipe action must be draft, save, list or compare, not '" + input.action() + "'");
    };
  }

  private ToolResult draft(String id) {
    if (id == null || id.isBlank()) {
      throw new ToolException("recipe action=draft needs the paper id in id");
    }
    PaperDocument doc = research.read(id).value();
    Recipe draft = RecipeDraft.from(id.strip(), doc);
    StringBuilder out =
        new StringBuilder("Draft recipe (pattern matches; verify each against the paper):\n")
            .append(json(draft));
    List<Mention> hyper = HyperparameterFinder.find(doc);
    out.append("\nHyperparameter mentions (").append(hyper.size()).append("):\n");
    hyper.stream()
        .limit(SHOWN)
        .forEach(
            m ->
                out.append("- ")
                    .append(m.name())
                    .append(" = ")
                    .append(m.value())
                    .append(" (")
                    .append(m.location())
                    .append("): \"")
                    .append(m.snippet())
                    .append("\"\n"));
    List<ReportedResult> results = ResultsTables.find(doc);
    out.append("\nResults-table numbers (").append(results.size()).append("):\n");
    results.stream()
        .limit(SHOWN)
        .forEach(
            r ->
                out.append("- ")
                    .append(r.row())
                    .append(" / ")
                    .append(r.column())
                    .append(" = ")
                    .append(r.raw())
                    .append(" (")
                    .append(r.location())
                    .append(")\n"));
    return PapersTool.untrusted(
        "Save a checked version with papers recipe action=save.\n",
        doc.source(),
        out.toString(),
        draft);
  }

  private ToolResult save(Recipe recipe, RecipeStore store) {
    if (recipe == null || recipe.paper() == null || recipe.paper().isBlank()) {
      throw new ToolException(
          "recipe action=save needs recipe with at least paper set, e.g. {\"paper\": \"arxiv:1706.03762\", "
              + "\"datasets\": [{\"name\": \"WMT 2014\", \"source\": \"§6\"}]}");
    }
    store.save(recipe);
    return ToolResult.of(
        "Saved the recipe for "
            + recipe.paper()
            + " in "
            + RecipeStore.FILE
            + "; "
            + store.all().size()
            + " recipes saved. Compare them with action=compare.",
        PapersTool.JSON.valueToTree(recipe));
  }

  private static String json(Object value) {
    try {
      return PapersTool.JSON
          .copy()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
