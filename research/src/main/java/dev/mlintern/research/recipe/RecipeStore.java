package dev.mlintern.research.recipe;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The session's recipes, one per paper, in {@code research/recipes.json} inside the session
 * workspace (so they travel with the session and survive a resume). Saving a recipe for a paper
 * replaces the previous one.
 */
public final class RecipeStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  public static final String FILE = "research/recipes.json";

  private final Path file;

  public RecipeStore(Path workspace) {
    this.file = workspace.resolve(FILE);
  }

  public List<Recipe> all() {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      return List.copyOf(JSON.readValue(file.toFile(), new TypeReference<List<Recipe>>() {}));
    } catch (IOException e) {
      throw new ResearchException(
          Kind.BAD_DOCUMENT,
          FILE
              + " in the workspace is not a valid recipe list ("
              + e.getMessage()
              + "); fix or delete it",
          e);
    }
  }

  public void save(Recipe recipe) {
    Map<String, Recipe> byPaper = new LinkedHashMap<>();
    all().forEach(r -> byPaper.put(r.paper(), r));
    byPaper.put(recipe.paper(), recipe);
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), "recipes", ".tmp");
      JSON.writeValue(tmp.toFile(), new ArrayList<>(byPaper.values()));
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A Markdown table with one column per recipe and one row per field, hyperparameter and metric
   * name.
   */
  public static String compare(List<Recipe> recipes) {
    if (recipes.isEmpty()) {
      return "No recipes saved yet; save one with papers recipe action=save.";
    }
    List<String> header = new ArrayList<>(List.of("field"));
    recipes.forEach(r -> header.add(r.paper()));
    List<List<String>> rows = new ArrayList<>();
    rows.add(row("datasets", recipes, r -> join(r.datasets())));
    rows.add(row("base model", recipes, r -> show(r.baseModel())));
    rows.add(row("method", recipes, r -> show(r.method())));
    for (String name : names(recipes, Recipe::hyperparameters)) {
      rows.add(row(name, recipes, r -> lookup(r.hyperparameters(), name)));
    }
    for (String name : names(recipes, Recipe::metrics)) {
      rows.add(row(name, recipes, r -> lookup(r.metrics(), name)));
    }
    StringBuilder out = new StringBuilder("| ").append(String.join(" | ", header)).append(" |\n|");
    out.append(" --- |".repeat(header.size())).append('\n');
    rows.forEach(r -> out.append("| ").append(String.join(" | ", r)).append(" |\n"));
    return out.toString();
  }

  private static List<String> row(
      String field, List<Recipe> recipes, Function<Recipe, String> cell) {
    List<String> row = new ArrayList<>(List.of(field));
    recipes.forEach(r -> row.add(cell.apply(r).replace("|", "/")));
    return row;
  }

  private static Set<String> names(
      List<Recipe> recipes, Function<Recipe, List<Recipe.Item>> items) {
    Set<String> names = new LinkedHashSet<>();
    recipes.forEach(r -> items.apply(r).forEach(i -> names.add(i.name())));
    return names;
  }

  private static String lookup(List<Recipe.Item> items, String name) {
    return items.stream()
        .filter(i -> i.name().equals(name))
        .findFirst()
        .map(RecipeStore::show)
        .orElse("—");
  }

  private static String join(List<Recipe.Item> items) {
    return items.isEmpty()
        ? "—"
        : String.join(", ", items.stream().map(RecipeStore::show).toList());
  }

  private static String show(Recipe.Item item) {
    if (item == null) {
      return "—";
    }
    String value = item.value() == null || item.value().isBlank() ? item.name() : item.value();
    return value + " (" + item.source() + ")";
  }
}
