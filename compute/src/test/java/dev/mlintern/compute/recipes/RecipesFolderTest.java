package dev.mlintern.compute.recipes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipesFolderTest {
  @TempDir Path dir;

  private Path recipes(String at, String file) throws Exception {
    Path folder = dir.resolve(at);
    Files.createDirectories(folder.resolve(file).getParent());
    Files.writeString(folder.resolve(file), "");
    return folder;
  }

  private Settings settings(Map<String, String> values) {
    return Settings.of(dir.resolve("home"), values);
  }

  @Test
  void theConfiguredFolderWinsThenTheCheckoutThenTheDistribution() throws Exception {
    Path configured = recipes("mine", "tabular.py");
    recipes("checkout/recipes", "llm/preflight.py");
    recipes("dist/recipes", "tabular.py");
    Map<String, String> all =
        Map.of(
            "MLINTERN_RECIPES", configured.toString(),
            "MLINTERN_SOURCE", dir.resolve("checkout").toString(),
            "MLINTERN_DIST", dir.resolve("dist").toString());

    assertThat(RecipesFolder.locate(settings(all))).contains(configured);
    assertThat(
            RecipesFolder.locate(
                settings(Map.of("MLINTERN_SOURCE", dir.resolve("checkout").toString()))))
        .contains(dir.resolve("checkout/recipes"));
    assertThat(
            RecipesFolder.locate(settings(Map.of("MLINTERN_DIST", dir.resolve("dist").toString()))))
        .contains(dir.resolve("dist/recipes"));
  }

  @Test
  void aFolderWithoutRecipesIsPassedOver() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    recipes("dist/recipes", "tabular.py");

    assertThat(
            RecipesFolder.locate(
                settings(
                    Map.of(
                        "MLINTERN_RECIPES", dir.resolve("empty").toString(),
                        "MLINTERN_DIST", dir.resolve("dist").toString()))))
        .contains(dir.resolve("dist/recipes"));
    assertThat(RecipesFolder.locate(settings(Map.of()))).isEmpty();
  }
}
