package dev.mlintern.compute.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobService;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.ScriptedExecutor;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.compute.recipes.PreflightTest;
import dev.mlintern.compute.tools.DiagnoseInput;
import dev.mlintern.compute.tools.DiagnoseTool;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolResult;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The diagnose tool on runs of the LLM recipes: crafted job logs (MLINTERN_METRIC lines, an OOM
 * trace) are read by recipes/llm/diagnose.py for real, and its findings come back as findings with
 * merged next configs and approval marks.
 */
class LlmDiagnosisTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;
  private LedgerDb db;

  @BeforeEach
  void open() {
    db = LedgerDb.open(home);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static String metric(String name, double value, int step) {
    return String.format(
        Locale.ROOT,
        "MLINTERN_METRIC {\"name\": \"%s\", \"value\": %s, \"step\": %d, \"split\": \"train\"}%n",
        name,
        value,
        step);
  }

  private record Diagnosed(List<Finding> findings, String text) {}

  private Diagnosed run(String recipe, JobState state, Integer exit, String log, String config)
      throws Exception {
    ScriptedExecutor executor = new ScriptedExecutor("local", state, exit, log);
    JobService service =
        new JobService(
            db,
            Map.of("local", executor),
            home.resolve("jobs"),
            Secrets.none(),
            Clock.systemUTC(),
            Sleeper.SYSTEM);
    JobRecord job =
        service.submit(
            JobSpec.of(
                    List.of(
                        "python",
                        PreflightTest.RECIPES.resolve("llm/" + recipe + ".py").toString()))
                .withConfig(JSON.readTree(config)),
            "local",
            null,
            false,
            e -> {});
    LlmDiagnosis llm = new LlmDiagnosis(PreflightTest.recipes(null));
    ToolContext context = ToolContext.standalone(home);
    List<Finding> findings = DiagnoseTool.diagnose(service, llm, job.id(), context);
    ToolResult result = new DiagnoseTool(service, llm).call(new DiagnoseInput(job.id()), context);
    return new Diagnosed(findings, result.content());
  }

  private static Finding kind(Diagnosed d, String kind) {
    return d.findings().stream()
        .filter(f -> f.kind().equals(kind))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " in " + d.text()));
  }

  @Test
  void grpoRewardCollapseAndKlBlowUpAreFoundWithConfigsToTry() throws Exception {
    StringBuilder log = new StringBuilder("grpo starting\n");
    for (int step = 1; step <= 40; step++) {
      log.append(metric("reward_mean", 0.5, step))
          .append(metric("reward_std", step <= 10 ? 0.3 : 0.0, step))
          .append(metric("kl", step <= 10 ? 0.01 : 2.5, step))
          .append(metric("entropy", 1.2, step));
    }
    Diagnosed d =
        run(
            "grpo",
            JobState.SUCCEEDED,
            0,
            log.toString(),
            "{\"model\": \"Qwen/Qwen3-0.6B\", \"temperature\": 1.0, \"beta\": 0.04, \"num_generations\": 8}");
    Finding collapse = kind(d, "reward_collapse");
    assertThat(collapse.severity()).isEqualTo("error");
    assertThat(collapse.evidence()).contains("reward_std_early = 0.3", "reward_std_late = 0.0");
    assertThat(collapse.nextConfigs().get(0).path("temperature").asDouble()).isEqualTo(1.2);
    assertThat(collapse.nextConfigs().get(0).path("model").asText()).isEqualTo("Qwen/Qwen3-0.6B");
    assertThat(collapse.nextConfigs().get(1).path("num_generations").asInt()).isEqualTo(16);
    Finding kl = kind(d, "kl_blowup");
    assertThat(kl.summary()).contains("KL to the reference rose to 2.5");
    assertThat(kl.nextConfigs().get(0).path("beta").asDouble()).isEqualTo(0.1);
    assertThat(d.text())
        .contains("error reward_collapse:", "error kl_blowup:", "raise sampling temperature");
  }

  @Test
  void anSftLossSpikeIsAWarningWithAGentlerSchedule() throws Exception {
    StringBuilder log = new StringBuilder();
    for (int step = 1; step <= 40; step++) {
      log.append(
          metric(
              "loss",
              step == 30 ? 25.0 : 2.0 - step * 0.01 + (step % 2 == 0 ? -0.02 : 0.02),
              step));
    }
    Diagnosed d =
        run(
            "sft",
            JobState.SUCCEEDED,
            0,
            log.toString(),
            "{\"learning_rate\": 2e-5, \"dataset\": \"chat.jsonl\"}");
    Finding spike = kind(d, "loss_spike");
    assertThat(spike.severity()).isEqualTo("warn");
    assertThat(spike.evidence()).contains("at step 30");
    assertThat(spike.nextConfigs().get(0).path("learning_rate").asDouble()).isEqualTo(1e-5);
    assertThat(d.findings())
        .extracting(Finding::kind)
        .doesNotContain("nan_or_divergence", "reward_collapse");
  }

  @Test
  void anOutOfMemoryRunGetsTheLadderWithLoraAndABiggerGpuNeedingApproval() throws Exception {
    Diagnosed d =
        run(
            "sft",
            JobState.FAILED,
            1,
            "loading model\ntorch.cuda.OutOfMemoryError: CUDA out of memory. Tried to"
                + " allocate 2.00 GiB\n",
            "{\"model\": \"Qwen/Qwen3-1.7B\", \"micro_batch_size\": 8, \"gradient_accumulation_steps\": 2}");
    assertThat(d.findings())
        .extracting(Finding::kind)
        .contains("oom")
        .doesNotContain("out_of_memory");
    Finding oom = kind(d, "oom");
    assertThat(oom.nextConfigs()).hasSize(4);
    assertThat(oom.nextConfigs().get(0).path("micro_batch_size").asInt()).isEqualTo(4);
    assertThat(oom.nextConfigs().get(0).path("gradient_accumulation_steps").asInt()).isEqualTo(4);
    assertThat(oom.nextConfigs().get(1).path("gradient_checkpointing").asBoolean()).isTrue();
    assertThat(oom.nextConfigs().get(2).path("use_peft").asBoolean()).isTrue();
    assertThat(oom.nextConfigs().get(3).has("gpu"))
        .as("hardware is not a recipe config key")
        .isFalse();
    assertThat(
            List.of(
                oom.needsApproval(0),
                oom.needsApproval(1),
                oom.needsApproval(2),
                oom.needsApproval(3)))
        .containsExactly(false, false, true, true);
    assertThat(oom.notes().get(3)).contains("(gpu: h200)");
    assertThat(d.text()).contains("needs approval: LoRA instead of full fine-tuning");
  }

  @Test
  void otherJobsKeepTheGenericRulesOnly() throws Exception {
    Diagnosed d = run("../tabular", JobState.FAILED, 1, "MemoryError\n", "{\"model\": \"rf\"}");
    assertThat(d.findings()).extracting(Finding::kind).containsExactly("out_of_memory");
  }
}
