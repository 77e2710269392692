package dev.mlintern.compute.recipes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.JobException;
import dev.mlintern.compute.JobSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The gate before a GPU job that runs an LLM post-training recipe ({@code
 * recipes/llm/{sft,dpo,grpo,evaluate}.py}): runs {@code recipes/llm/preflight.py} with the job's
 * config, output folder, GPU or flavor and timeout, and refuses the launch with its reasons when it
 * says NO-GO (memory or time will not fit, columns missing, output would be lost, no passing smoke
 * run). Jobs without a GPU, other commands, and {@code --dry-run}/{@code --help} runs pass
 * untouched. A Hub dataset's columns come from the job's {@value #COLUMNS_ENV} variable. The smoke
 * marker is looked for in the config's {@code output_dir}, then in earlier jobs' folders (a smoke
 * run is usually its own small job), newest first, for the same recipe, model and dataset.
 */
public final class Preflight {
  public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(60);

  /**
   * Job environment variable with a Hub dataset's columns (comma-separated), passed to pre-flight
   * as --columns.
   */
  public static final String COLUMNS_ENV = "MLINTERN_DATASET_COLUMNS";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration HF_DEFAULT_TIMEOUT = Duration.ofMinutes(30);
  private static final List<String> FORWARDED =
      List.of("--config", "--set", "--max-steps", "--output-dir");
  private final LlmRecipes recipes;
  private final Path jobsRoot;
  private final Supplier<String> localGpu;
  private final Duration limit;

  /**
   * {@code localGpu} names the GPU local and Slurm jobs get (e.g. from nvidia-smi or {@code
   * jobs.gpu}); null: h100.
   */
  public Preflight(LlmRecipes recipes, Path jobsRoot, Supplier<String> localGpu, Duration limit) {
    this.recipes = recipes;
    this.jobsRoot = jobsRoot;
    this.localGpu = localGpu;
    this.limit = limit;
  }

  /** True when the spec asks for a GPU: {@code gpus > 0} or a non-CPU HF Jobs flavor. */
  public static boolean wantsGpu(JobSpec spec) {
    String flavor = spec.resources().flavor();
    return spec.resources().gpus() > 0
        || (flavor != null && !flavor.isBlank() && !flavor.startsWith("cpu"));
  }

  /**
   * Checks a launch; returns pre-flight's verdict (null when the job needs no check) or throws
   * {@link JobException} ({@code INVALID}) with the reasons when it is blocked or cannot be
   * checked.
   */
  public JsonNode check(JobSpec spec, String executor, Path outputDir) {
    Optional<LlmRecipes.Launch> found = LlmRecipes.launch(spec.command());
    if (found.isEmpty()
        || !wantsGpu(spec)
        || found.get().has("--dry-run", "--print-defaults", "--help", "-h")) {
      return null;
    }
    LlmRecipes.Launch launch = found.get();
    Path workDir = spec.workDir() == null ? null : Path.of(spec.workDir());
    String script = "recipes/llm/" + launch.recipe() + ".py";
    Path helper =
        recipes
            .helper(launch, workDir, "preflight.py")
            .orElseThrow(
                () ->
                    new JobException(
                        JobException.Kind.INVALID,
                        "cannot find recipes/llm/preflight.py to check this GPU launch of "
                            + script
                            + " first; run the recipe by its"
                            + " path inside recipes/llm/ or set MLINTERN_RECIPES"));
    Path configFile = null;
    try {
      List<String> args = new ArrayList<>(List.of("--recipe", launch.recipe()));
      args.addAll(forwarded(launch));
      if (spec.config() != null && !launch.has("--config")) {
        configFile = Files.createTempFile("mlintern-preflight-", ".json");
        Files.writeString(configFile, spec.config().toString());
        args.addAll(List.of("--config", configFile.toString()));
      }
      if (!launch.has("--output-dir")
          && (spec.config() == null || !spec.config().hasNonNull("output_dir"))) {
        args.addAll(List.of("--output-dir", outputDir.toString()));
      }
      args.addAll(List.of("--gpu", gpu(spec)));
      Duration timeout =
          spec.timeout() != null
              ? spec.timeout()
              : executor.equals("hf-jobs") ? HF_DEFAULT_TIMEOUT : null;
      if (timeout != null) {
        args.addAll(List.of("--timeout", Long.toString(timeout.toSeconds())));
      }
      String columns = spec.environment().get(COLUMNS_ENV);
      if (columns != null && !columns.isBlank()) {
        args.addAll(List.of("--columns", columns));
      }
      if (executor.equals("hf-jobs")) {
        args.add("--ephemeral");
      }
      if (launch.has("--smoke")) {
        args.add("--skip-smoke");
      } else {
        smokeMarker(launch.recipe(), spec, workDir)
            .ifPresent(m -> args.addAll(List.of("--smoke-marker", m.toString())));
      }
      return verdict(script, recipes.run(helper, args, workDir, limit));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (configFile != null) {
        configFile.toFile().delete();
      }
    }
  }

  private static JsonNode verdict(String script, LlmRecipes.Outcome outcome) {
    JsonNode verdict = null;
    try {
      verdict = outcome.stdout().isBlank() ? null : JSON.readTree(outcome.stdout());
    } catch (IOException e) {
      verdict = null;
    }
    if (outcome.exitCode() == 0 && verdict != null) {
      return verdict;
    }
    if (outcome.exitCode() == 3 && verdict != null) {
      StringBuilder text =
          new StringBuilder("pre-flight blocked this GPU launch of " + script + ":");
      verdict.path("reasons").forEach(r -> text.append("\n- ").append(r.asText()));
      text.append(
          "\nChange the config as the reasons say (or smoke-test it: the same command with --smoke, no GPU) and"
              + " submit again.");
      throw new JobException(JobException.Kind.INVALID, text.toString());
    }
    String why = outcome.stderr().strip();
    why = why.length() > 1500 ? why.substring(why.length() - 1500) : why;
    throw new JobException(
        JobException.Kind.INVALID,
        "pre-flight could not check this GPU launch of "
            + script
            + (outcome.exitCode() == 2 ? " (the config or arguments were rejected)" : "")
            + ": "
            + why);
  }

  private static List<String> forwarded(LlmRecipes.Launch launch) {
    List<String> out = new ArrayList<>();
    List<String> args = launch.arguments();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      int eq = arg.indexOf('=');
      String flag = eq > 0 ? arg.substring(0, eq) : arg;
      if (FORWARDED.contains(flag)) {
        out.add(arg);
        if (eq < 0 && i + 1 < args.size()) {
          out.add(args.get(++i));
        }
      }
    }
    return out;
  }

  private String gpu(JobSpec spec) {
    String flavor = spec.resources().flavor();
    if (flavor != null && !flavor.isBlank() && !flavor.startsWith("cpu")) {
      return flavor;
    }
    String local = localGpu == null ? null : localGpu.get();
    return local == null || local.isBlank() ? "h100" : local;
  }

  /**
   * The newest passing marker for this recipe, model and dataset: the config's output_dir first,
   * then earlier jobs.
   */
  private Optional<Path> smokeMarker(String recipe, JobSpec spec, Path workDir) throws IOException {
    JsonNode config = spec.config();
    List<Path> candidates = new ArrayList<>();
    if (config != null && config.hasNonNull("output_dir")) {
      Path out = Path.of(config.get("output_dir").asText());
      candidates.add(
          (workDir != null && !out.isAbsolute() ? workDir.resolve(out) : out)
              .resolve("smoke_ok.json"));
    }
    if (Files.isDirectory(jobsRoot)) {
      try (Stream<Path> dirs = Files.list(jobsRoot)) {
        dirs.map(d -> d.resolve("smoke_ok.json"))
            .filter(Files::isRegularFile)
            .sorted(Comparator.comparing((Path p) -> p.toFile().lastModified()).reversed())
            .forEach(candidates::add);
      }
    }
    for (Path candidate : candidates) {
      if (Files.isRegularFile(candidate) && matches(candidate, recipe, config)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static boolean matches(Path marker, String recipe, JsonNode config) {
    try {
      JsonNode info = JSON.readTree(marker.toFile());
      if (!recipe.equals(info.path("recipe").asText())
          || !"ok".equals(info.path("status").asText())) {
        return false;
      }
      for (String key : List.of("model", "dataset")) {
        if (config != null
            && config.hasNonNull(key)
            && !config.get(key).asText().equals(info.path(key).asText())) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
