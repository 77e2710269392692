package dev.mlintern.compute.recipes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.JobException;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobService;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.Resources;
import dev.mlintern.compute.ScriptedExecutor;
import dev.mlintern.compute.executor.PythonResolver;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.compute.tools.JobsInput;
import dev.mlintern.compute.tools.JobsTool;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPU launches of the LLM recipes go through recipes/llm/preflight.py first (run for real with
 * /usr/bin/python3; it needs neither torch nor transformers): a config that cannot fit is refused
 * with the reason, a fitting one with a passing smoke run goes through, and CPU jobs or other
 * commands are not checked.
 */
public class PreflightTest {
  public static final Path RECIPES = Path.of("").toAbsolutePath().getParent().resolve("recipes");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String HUGE =
      "{\"model\": \"Qwen/Qwen3-8B\", \"dataset\": \"chat.jsonl\", \"max_steps\": 2000,"
          + " \"micro_batch_size\": 8, \"max_seq_len\": 4096}";
  private static final String SMALL =
      "{\"model\": \"Qwen/Qwen3-0.6B\", \"dataset\": \"chat.jsonl\", \"max_steps\": 20,"
          + " \"micro_batch_size\": 1, \"max_seq_len\": 512}";
  @TempDir Path workspace;
  @TempDir Path home;
  private LedgerDb db;
  private JobService service;
  private final ScriptedExecutor local = new ScriptedExecutor("local", JobState.RUNNING, null, "");
  private final ScriptedExecutor hf = new ScriptedExecutor("hf-jobs", JobState.RUNNING, null, "");

  public static LlmRecipes recipes(Path folder) {
    return new LlmRecipes(folder, new PythonResolver("/usr/bin/python3", null, List.of()));
  }

  @BeforeEach
  void open() throws Exception {
    Files.createSymbolicLink(workspace.resolve("recipes"), RECIPES);
    Files.writeString(
        workspace.resolve("chat.jsonl"),
        "{\"messages\": [{\"role\": \"user\", \"content\": \"2+2?\"},"
            + " {\"role\": \"assistant\", \"content\": \"4\"}]}\n");
    db = LedgerDb.open(home);
    Preflight preflight =
        new Preflight(
            recipes(null),
            home.resolve("jobs"),
            () -> "NVIDIA H100 80GB HBM3",
            Preflight.DEFAULT_LIMIT);
    service =
        new JobService(
            db,
            Map.of("local", local, "hf-jobs", hf),
            home.resolve("jobs"),
            Secrets.none(),
            Clock.systemUTC(),
            Sleeper.SYSTEM,
            preflight);
  }

  @AfterEach
  void close() throws Exception {
    Files.delete(workspace.resolve("recipes"));
    db.close();
  }

  private JobSpec sft(String config, int gpus, Duration timeout) throws Exception {
    return new JobSpec(
        List.of("python", "recipes/llm/sft.py"),
        Map.of(),
        List.of(),
        new Resources(1, 0, gpus, null),
        timeout,
        JSON.readTree(config),
        workspace.toString(),
        null,
        Map.of());
  }

  private void smokeRunLeftAMarker(String model) throws Exception {
    Path earlier = Files.createDirectories(home.resolve("jobs/j-smoke"));
    Files.writeString(
        earlier.resolve("smoke_ok.json"),
        "{\"recipe\": \"sft\", \"model\": \""
            + model
            + "\","
            + " \"dataset\": \"chat.jsonl\", \"steps\": 5, \"status\": \"ok\"}");
  }

  @Test
  void aHugeModelOnASmallGpuWithAShortTimeoutIsRefusedWithTheReasonBeforeAnythingStarts()
      throws Exception {
    smokeRunLeftAMarker("Qwen/Qwen3-8B");
    JobsTool tool = new JobsTool(service, "local", Duration.ofMillis(10));
    String call =
        "{\"operation\": \"submit\", \"executor\": \"hf-jobs\", \"flavor\": \"a10g-small\", \"timeout\": \"10m\","
            + " \"command\": [\"python\", \"recipes/llm/sft.py\"], \"config\": "
            + HUGE
            + "}";
    assertThatThrownBy(
            () ->
                tool.call(
                    ToolInputs.decode("jobs", JobsInput.class, ToolInputs.parse("jobs", call)),
                    ToolContext.standalone(workspace)))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("pre-flight blocked this GPU launch of recipes/llm/sft.py")
        .hasMessageContaining("fit: needs about")
        .hasMessageContaining("a10g-small has 24 GB")
        .hasMessageContaining("exceeds the 10 min timeout")
        .hasMessageContaining(
            "output: "); // HF Jobs' disk is deleted at the end: the model must be pushed
    assertThat(hf.submissions).isEmpty();
    assertThat(service.list(null, 10)).isEmpty();
  }

  @Test
  void aFittingConfigGoesThroughOnlyOnceASmokeRunOfTheSameModelPassed() throws Exception {
    assertThatThrownBy(
            () -> service.submit(sft(SMALL, 1, Duration.ofHours(1)), "local", null, false, e -> {}))
        .isInstanceOf(JobException.class)
        .hasMessageContaining("smoke: no smoke-run marker");
    smokeRunLeftAMarker("Qwen/Qwen3-1.7B");
    assertThatThrownBy(
            () -> service.submit(sft(SMALL, 1, Duration.ofHours(1)), "local", null, false, e -> {}))
        .isInstanceOf(JobException.class)
        .hasMessageContaining("smoke:");
    assertThat(local.submissions).isEmpty();

    smokeRunLeftAMarker("Qwen/Qwen3-0.6B");
    JobRecord job =
        service.submit(sft(SMALL, 1, Duration.ofHours(1)), "local", null, false, e -> {});
    assertThat(local.submissions).hasSize(1);
    assertThat(
            JSON.readTree(job.outputDir().resolve("preflight.json").toFile())
                .path("verdict")
                .asText())
        .isEqualTo("GO");
  }

  @Test
  void aHubDatasetsColumnsGivenWithTheSubmitAreChecked() throws Exception {
    Path earlier = Files.createDirectories(home.resolve("jobs/j-dpo-smoke"));
    Files.writeString(
        earlier.resolve("smoke_ok.json"),
        "{\"recipe\": \"dpo\", \"model\": \"Qwen/Qwen3-0.6B\","
            + " \"dataset\": \"org/prefs\", \"steps\": 5, \"status\": \"ok\"}");
    JobsTool tool = new JobsTool(service, "local", Duration.ofMillis(10));
    String base =
        "{\"operation\": \"submit\", \"gpus\": 1, \"timeout\": \"1h\", \"command\": [\"python\","
            + " \"recipes/llm/dpo.py\"], \"config\": {\"model\": \"Qwen/Qwen3-0.6B\", \"dataset\": \"org/prefs\","
            + " \"max_steps\": 20, \"micro_batch_size\": 1, \"max_seq_len\": 512}";
    ToolContext context = ToolContext.standalone(workspace);
    assertThatThrownBy(
            () ->
                tool.call(
                    ToolInputs.decode(
                        "jobs", JobsInput.class, ToolInputs.parse("jobs", base + "}")),
                    context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("columns: dataset org/prefs is not a local file");
    assertThatThrownBy(
            () ->
                tool.call(
                    ToolInputs.decode(
                        "jobs",
                        JobsInput.class,
                        ToolInputs.parse(
                            "jobs", base + ", \"columns\": [\"prompt\", \"answer\"]}")),
                    context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("columns:");
    tool.call(
        ToolInputs.decode(
            "jobs",
            JobsInput.class,
            ToolInputs.parse(
                "jobs", base + ", \"columns\": [\"prompt\", \"chosen\", \"rejected\"]}")),
        context);
    assertThat(local.submissions)
        .singleElement()
        .satisfies(
            s ->
                assertThat(s.spec().environment())
                    .containsEntry(Preflight.COLUMNS_ENV, "prompt,chosen,rejected"));
  }

  @Test
  void cpuJobsSmokeRunsAndOtherCommandsAreNotChecked() throws Exception {
    service.submit(sft(HUGE, 0, Duration.ofMinutes(1)), "local", null, false, e -> {});
    JobSpec smoke = sft(SMALL, 1, Duration.ofMinutes(10));
    service.submit(
        new JobSpec(
            List.of("python", "recipes/llm/sft.py", "--smoke"),
            Map.of(),
            List.of(),
            smoke.resources(),
            smoke.timeout(),
            smoke.config(),
            smoke.workDir(),
            null,
            Map.of()),
        "local",
        null,
        false,
        e -> {});
    service.submit(
        JobSpec.of(List.of("python", "train.py")).withResources(new Resources(1, 0, 8, null)),
        "local",
        null,
        false,
        e -> {});
    assertThat(local.submissions).hasSize(3);
  }

  @Test
  void aConfigWithoutADatasetIsRefusedWithTheRecipesOwnMessage() throws Exception {
    assertThatThrownBy(
            () ->
                service.submit(
                    sft(
                        "{\"model\": \"Qwen/Qwen3-0.6B\", \"max_steps\": 10}",
                        1,
                        Duration.ofHours(1)),
                    "local",
                    null,
                    false,
                    e -> {}))
        .isInstanceOf(JobException.class)
        .hasMessageContaining("config: config key 'dataset' is required");
    assertThat(local.submissions).isEmpty();
  }

  @Test
  void theRecipeIsRecognisedWhereverTheRecipesFolderLives() {
    assertThat(
            LlmRecipes.launch(
                List.of("/usr/bin/python3", "/opt/mlintern/recipes/llm/grpo.py", "--smoke")))
        .hasValueSatisfying(
            l -> {
              assertThat(l.recipe()).isEqualTo("grpo");
              assertThat(l.has("--smoke")).isTrue();
            });
    assertThat(LlmRecipes.launch(List.of("python", "recipes/tabular.py"))).isEmpty();
    assertThat(LlmRecipes.launch(List.of("python", "recipes/llm/preflight.py"))).isEmpty();
  }
}
