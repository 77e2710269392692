package dev.mlintern.compute.recipes;

import dev.mlintern.core.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Finds the vetted {@code recipes/} folder: {@code MLINTERN_RECIPES}, else {@code recipes/} of the
 * source checkout ({@code MLINTERN_SOURCE}) or distribution ({@code MLINTERN_DIST}) the launcher
 * ran from; the first that holds recipes ({@code tabular.py} or {@code llm/preflight.py}). Sessions
 * link it into their workspace and pre-flight runs its LLM helpers.
 */
public final class RecipesFolder {
  private RecipesFolder() {}

  /** The recipes folder as an absolute, normalized path; empty when no candidate holds recipes. */
  public static Optional<Path> locate(Settings settings) {
    for (String key : List.of("MLINTERN_RECIPES", "MLINTERN_SOURCE", "MLINTERN_DIST")) {
      Optional<Path> folder =
          settings
              .get(key)
              .map(Path::of)
              .map(p -> key.equals("MLINTERN_RECIPES") ? p : p.resolve("recipes"))
              .filter(RecipesFolder::holdsRecipes);
      if (folder.isPresent()) {
        return folder.map(p -> p.toAbsolutePath().normalize());
      }
    }
    return Optional.empty();
  }

  private static boolean holdsRecipes(Path folder) {
    return Files.isRegularFile(folder.resolve("tabular.py"))
        || Files.isRegularFile(folder.resolve("llm/preflight.py"));
  }
}
