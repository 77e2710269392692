package dev.mlintern.compute.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.config.Settings;
import dev.mlintern.testkit.CommandRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlintern jobs submit} refuses a GPU launch of an LLM recipe that pre-flight blocks: exit 2
 * (the request cannot be satisfied as given), the reasons on stderr, nothing on stdout. The recipes
 * folder comes from {@code MLINTERN_RECIPES}, the GPU from {@code jobs.gpu}.
 */
class PreflightCliTest {
  @TempDir Path home;

  @Test
  void aGpuRecipeLaunchThatCannotFitExitsTwoWithTheReasons() throws Exception {
    Path recipes = Path.of("").toAbsolutePath().getParent().resolve("recipes");
    Path data =
        Files.writeString(
            home.resolve("chat.jsonl"),
            "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"},"
                + " {\"role\": \"assistant\", \"content\": \"hello\"}]}\n");
    Path config =
        Files.writeString(
            home.resolve("sft.json"),
            "{\"model\": \"Qwen/Qwen3-8B\", \"dataset\": \""
                + data
                + "\", \"max_steps\": 500, \"micro_batch_size\": 4, \"max_seq_len\": 2048}");
    Settings settings =
        Settings.of(
            home,
            Map.of(
                "PATH",
                "/usr/bin:/bin",
                "MLINTERN_RECIPES",
                recipes.toString(),
                "MLINTERN_PYTHON",
                "/usr/bin/python3",
                "jobs.gpu",
                "t4"));
    CommandRun run =
        CommandRun.run(
            new JobsCommand(settings),
            "submit",
            "--gpus",
            "1",
            "--timeout",
            "5m",
            "--config",
            config.toString(),
            "--",
            "python",
            "recipes/llm/sft.py");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .contains("pre-flight blocked", "fit: needs about", "t4 has 16 GB", "5 min timeout");
  }
}
