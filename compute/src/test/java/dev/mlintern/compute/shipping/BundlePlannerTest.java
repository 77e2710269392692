package dev.mlintern.compute.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.JobException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a remote job is sent, read back from the archive with Python's own tarfile. */
class BundlePlannerTest {
  static final Path RECIPES = Path.of("").toAbsolutePath().getParent().resolve("recipes");
  @TempDir Path workspace;
  @TempDir Path unpacked;
  final BundlePlanner planner = new BundlePlanner(RECIPES);

  @BeforeEach
  void workspace() throws IOException {
    Files.createDirectories(workspace.resolve("lib"));
    Files.writeString(
        workspace.resolve("train.py"),
        """
        # /// script
        # requires-python = ">=3.10"
        # dependencies = [
        #   "scikit-learn>=1.3",
        #   'pandas',
        # ]
        # ///
        import json, os
        from lib.helpers import mean

        def main():
            import numpy
        """);
    Files.writeString(workspace.resolve("lib/helpers.py"), "from . import maths\n");
    Files.writeString(workspace.resolve("lib/maths.py"), "import statistics\n");
    Files.writeString(workspace.resolve("unrelated.py"), "print('never sent')\n");
    Files.writeString(workspace.resolve("data.csv"), "a,b\n1,2\n");
    Files.writeString(workspace.resolve(".env"), "HF_TOKEN=hf_secretvalue123\n");
  }

  @Test
  void sendsTheScriptTheModulesItImportsAndTheFilesNamedAtTheirWorkDirPaths() throws Exception {
    JobBundle bundle =
        planner.plan(
            List.of("python", workspace.resolve("train.py").toString(), "--data=data.csv"),
            null,
            List.of(),
            List.of("numpy"),
            workspace,
            Map.of());

    assertThat(bundle.command()).containsExactly("python", "train.py", "--data=data.csv");
    assertThat(bundle.files())
        .containsOnlyKeys("train.py", "lib/helpers.py", "lib/maths.py", "data.csv");
    assertThat(bundle.dependencies()).containsExactly("numpy", "scikit-learn>=1.3", "pandas");
    assertThat(unpack(bundle)).contains("lib/helpers.py", "lib/maths.py", "data.csv");
    assertThat(Files.readString(unpacked.resolve("data.csv"))).isEqualTo("a,b\n1,2\n");
  }

  @Test
  void aRecipeThroughTheWorkspaceLinkBringsItsWholePackageButNotItsTests() throws Exception {
    Files.createSymbolicLink(workspace.resolve("recipes"), RECIPES);

    JobBundle relative =
        planner.plan(
            List.of("python", "recipes/llm/sft.py", "--help"),
            null,
            List.of(),
            List.of(),
            workspace,
            Map.of());
    JobBundle absolute =
        planner.plan(
            List.of("python", RECIPES.resolve("llm/sft.py").toString(), "--help"),
            null,
            List.of(),
            List.of(),
            workspace,
            Map.of());

    assertThat(relative.command()).containsExactly("python", "recipes/llm/sft.py", "--help");
    assertThat(absolute.command()).isEqualTo(relative.command());
    assertThat(relative.files())
        .containsKeys(
            "recipes/llm/sft.py",
            "recipes/llm/llmkit/__init__.py",
            "recipes/llm/llmkit/runner.py",
            "recipes/mlintern_recipe.py")
        .allSatisfy((path, file) -> assertThat(path).doesNotContain("tests/", "__pycache__"));
    assertThat(unpack(relative)).contains("recipes/llm/llmkit/runner.py");
    Process help =
        new ProcessBuilder("/usr/bin/python3", "recipes/llm/sft.py", "--help")
            .directory(unpacked.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(help.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(help.waitFor()).as(out).isZero();
    assertThat(out).contains("usage: sft.py");
  }

  @Test
  void configPathsAreSentAndMadeRelative() {
    JobBundle bundle =
        planner.plan(
            List.of("python", "train.py"),
            new ObjectMapper()
                .createObjectNode()
                .put("train", workspace.resolve("data.csv").toString())
                .put("target", "b"),
            List.of("lib"),
            List.of(),
            workspace,
            Map.of());

    assertThat(bundle.config().path("train").asText()).isEqualTo("data.csv");
    assertThat(bundle.config().path("target").asText()).isEqualTo("b");
    assertThat(bundle.files()).containsKeys("data.csv", "lib/helpers.py", "lib/maths.py");
    assertThat(bundle.describe()).contains("data.csv", "dependencies: scikit-learn>=1.3, pandas");
  }

  @Test
  void secretsAndFilesOutsideTheWorkDirAreNeverSent() throws IOException {
    Files.writeString(workspace.resolve("keys.txt"), "token hf_secretvalue123\n");

    assertThatThrownBy(() -> plan(List.of("python", "train.py", ".env"), Map.of()))
        .isInstanceOf(JobException.class)
        .hasMessageContaining("'.env' looks like a secrets file");
    assertThatThrownBy(
            () ->
                plan(
                    List.of("python", "train.py", "keys.txt"),
                    Map.of("HF_TOKEN", "hf_secretvalue123")))
        .hasMessage(
            "keys.txt contains the value of secret HF_TOKEN; remove it from the file and pass the"
                + " secret by name (secrets: [\"HF_TOKEN\"])");
    assertThat(plan(List.of("cat", "../absent.txt"), Map.of()).command())
        .containsExactly("cat", "../absent.txt");
    Files.writeString(workspace.getParent().resolve("outside-" + workspace.getFileName()), "x");
    assertThatThrownBy(
            () -> plan(List.of("cat", "../outside-" + workspace.getFileName()), Map.of()))
        .hasMessageContaining("is outside the work dir");
    assertThat(plan(List.of("python", "-c", "print(1)"), Map.of()).files()).isEmpty();
  }

  @Test
  void filesListedByTheCallerMustBeInTheWorkDir() {
    assertThatThrownBy(
            () ->
                planner.plan(
                    List.of("python", "train.py"),
                    null,
                    List.of("missing.csv"),
                    List.of(),
                    workspace,
                    Map.of()))
        .hasMessageContaining("files: 'missing.csv' is not in the work dir");
  }

  private JobBundle plan(List<String> command, Map<String, String> secrets) {
    return planner.plan(command, null, List.of(), List.of(), workspace, secrets);
  }

  /** Unpacks the archive with Python's tarfile and returns the paths it holds. */
  private String unpack(JobBundle bundle) throws Exception {
    Path archive = unpacked.resolve("bundle.tar.gz");
    Files.write(archive, bundle.archive());
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-c",
                "import sys, tarfile\n"
                    + "t = tarfile.open(sys.argv[1])\n"
                    + "print('\\n'.join(t.getnames()))\n"
                    + "t.extractall(sys.argv[2])",
                archive.toString(),
                unpacked.toString())
            .redirectErrorStream(true)
            .start();
    String names = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(names).isZero();
    Files.delete(archive);
    return names;
  }
}
