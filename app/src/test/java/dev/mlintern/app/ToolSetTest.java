package dev.mlintern.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.config.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolSetTest {
  @TempDir Path dir;

  @Test
  void aStartedSessionGetsTheConfiguredRecipesLinkedIntoItsWorkspace() throws Exception {
    Path recipes = Files.createDirectories(dir.resolve("my-recipes"));
    Files.writeString(recipes.resolve("tabular.py"), "print('hi')\n");
    Path workspace = Files.createDirectories(dir.resolve("workspace"));
    Settings settings =
        Settings.of(dir.resolve("home"), Map.of("MLINTERN_RECIPES", recipes.toString()));

    try (ToolSet tools = ToolSet.standard(settings, (session, event) -> {})) {
      tools.sessionStarted("s-1", workspace);
    }

    Path link = workspace.resolve("recipes");
    assertThat(Files.isSymbolicLink(link)).isTrue();
    assertThat(link.resolve("tabular.py")).hasContent("print('hi')");
  }

  @Test
  void withoutRecipesTheWorkspaceStaysAsItIs() throws Exception {
    Path workspace = Files.createDirectories(dir.resolve("workspace"));

    try (ToolSet tools =
        ToolSet.standard(Settings.of(dir.resolve("home"), Map.of()), (session, event) -> {})) {
      tools.sessionStarted("s-1", workspace);
    }

    assertThat(workspace.resolve("recipes")).doesNotExist();
  }
}
