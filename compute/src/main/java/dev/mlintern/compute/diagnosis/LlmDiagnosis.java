package dev.mlintern.compute.diagnosis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.compute.JobException;
import dev.mlintern.compute.recipes.LlmRecipes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The post-training rules for runs of the LLM recipes, kept in one place: {@code
 * recipes/llm/diagnose.py} reads the job's log (its {@code MLINTERN_METRIC} lines: reward mean/std,
 * KL, entropy, clip fraction, loss), config and result and reports reward collapse, entropy
 * collapse, KL blow-up, loss spikes, divergence and out-of-memory with the ladder (smaller
 * micro-batch + accumulation, gradient checkpointing, then LoRA and a bigger GPU, both needing
 * approval). Its findings become {@link Finding}s whose next configs are the run's config with each
 * proposal merged; they replace the generic out-of-memory and divergence findings of {@link
 * RuleDiagnosis} for the same run.
 */
public final class LlmDiagnosis {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration LIMIT = Duration.ofSeconds(60);

  /**
   * A proposal key that is not a recipe config key but the job's hardware: said in the note, left
   * out of the config.
   */
  private static final String HARDWARE = "gpu";

  private final LlmRecipes recipes;

  public LlmDiagnosis(LlmRecipes recipes) {
    this.recipes = recipes;
  }

  /**
   * Findings for a run of an LLM recipe; empty for other commands. {@code workDir} resolves a
   * relative script path. Throws {@link JobException} when the helper cannot be found or fails.
   */
  public List<Finding> diagnose(List<String> command, Path workDir, Path log, Path outputDir) {
    Optional<LlmRecipes.Launch> launch = LlmRecipes.launch(command);
    if (launch.isEmpty() || !Files.isRegularFile(log)) {
      return List.of();
    }
    Path helper =
        recipes
            .helper(launch.get(), workDir, "diagnose.py")
            .orElseThrow(
                () ->
                    new JobException(
                        JobException.Kind.UNAVAILABLE,
                        "cannot find recipes/llm/diagnose.py for the post-training rules; set MLINTERN_RECIPES"));
    Path config = outputDir.resolve("config.json");
    List<String> args =
        List.of(
            log.toString(),
            "--log",
            log.toString(),
            "--config",
            config.toString(),
            "--result",
            outputDir.resolve("result.json").toString());
    LlmRecipes.Outcome outcome = recipes.run(helper, args, workDir, LIMIT);
    try {
      if (outcome.exitCode() != 0) {
        throw new JobException(
            JobException.Kind.BACKEND, "diagnose.py failed: " + outcome.stderr().strip());
      }
      JsonNode configJson = Files.isRegularFile(config) ? JSON.readTree(config.toFile()) : null;
      return findings(JSON.readTree(outcome.stdout()), configJson);
    } catch (IOException e) {
      throw new JobException(
          JobException.Kind.BACKEND, "diagnose.py printed no JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Turns diagnose.py's report into findings; each proposal's partial config is merged into {@code
   * config}.
   */
  static List<Finding> findings(JsonNode report, JsonNode config) {
    List<Finding> out = new ArrayList<>();
    for (JsonNode f : report.path("findings")) {
      List<String> evidence = new ArrayList<>();
      if (f.hasNonNull("step")) {
        evidence.add("at step " + f.get("step").asText());
      }
      f.path("evidence")
          .fields()
          .forEachRemaining(
              e -> {
                if (!e.getValue().isNull()) {
                  evidence.add(
                      e.getKey()
                          + " = "
                          + (e.getValue().isTextual()
                              ? e.getValue().asText()
                              : e.getValue().toString()));
                }
              });
      List<JsonNode> next = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      for (JsonNode p : f.path("next")) {
        JsonNode change = p.path("change");
        next.add(merge(config, change));
        notes.add(
            (p.path("needs_approval").asBoolean(false) ? Finding.NEEDS_APPROVAL : "")
                + p.path("action").asText("")
                + (change.hasNonNull(HARDWARE)
                    ? " (" + HARDWARE + ": " + change.get(HARDWARE).asText() + ")"
                    : "")
                + (p.hasNonNull("why") ? " — " + p.get("why").asText() : ""));
      }
      out.add(
          new Finding(
              f.path("kind").asText(),
              "block".equals(f.path("severity").asText()) ? "error" : "warn",
              f.path("message").asText(),
              evidence,
              next,
              notes));
    }
    return out;
  }

  /**
   * The generic findings, less those the post-training rules cover for this run, followed by the
   * latter.
   */
  public static List<Finding> merge(List<Finding> generic, List<Finding> llm) {
    Set<String> kinds =
        llm.stream().map(Finding::kind).collect(java.util.stream.Collectors.toSet());
    List<Finding> out = new ArrayList<>();
    for (Finding f : generic) {
      boolean covered =
          (f.kind().equals("out_of_memory") && kinds.contains("oom"))
              || (f.kind().equals("nan_or_divergence") && kinds.contains("divergence"));
      if (!covered) {
        out.add(f);
      }
    }
    out.addAll(llm);
    return out;
  }

  private static JsonNode merge(JsonNode config, JsonNode change) {
    ObjectNode copy =
        config != null && config.isObject()
            ? ((ObjectNode) config).deepCopy()
            : JsonNodeFactory.instance.objectNode();
    change
        .fields()
        .forEachRemaining(
            e -> {
              if (e.getKey().equals(HARDWARE)) {
                return;
              }
              if (e.getValue().isNull()) {
                copy.remove(e.getKey());
              } else {
                copy.set(e.getKey(), e.getValue());
              }
            });
    return copy;
  }
}
