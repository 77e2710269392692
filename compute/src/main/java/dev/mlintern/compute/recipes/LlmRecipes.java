package dev.mlintern.compute.recipes;

import dev.mlintern.compute.executor.PythonResolver;
import dev.mlintern.core.config.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and runs the LLM post-training helpers in {@code recipes/llm/} ({@code preflight.py},
 * {@code diagnose.py}) so compute keeps one source of truth for their rules. The folder is the one
 * the job's command names (resolved against its working directory), else the configured {@link
 * RecipesFolder}.
 */
public final class LlmRecipes {
  /** The recipes whose launches pre-flight gates and whose runs the post-training rules read. */
  public static final List<String> RECIPES = List.of("sft", "dpo", "grpo", "evaluate");

  private static final Pattern SCRIPT =
      Pattern.compile("(?:^|.*/)recipes/llm/(sft|dpo|grpo|evaluate)\\.py$");
  private final Path configured;
  private final PythonResolver python;

  /** {@code recipesFolder} null: only the command's own path locates the helpers. */
  public LlmRecipes(Path recipesFolder, PythonResolver python) {
    this.configured = recipesFolder;
    this.python = python;
  }

  /** The configured recipes folder, if any. */
  public Optional<Path> folder() {
    return Optional.ofNullable(configured);
  }

  public static LlmRecipes fromSettings(Settings settings, PythonResolver python) {
    return new LlmRecipes(RecipesFolder.locate(settings).orElse(null), python);
  }

  /**
   * What a command runs, when it runs one of {@link #RECIPES}: the recipe and where its script
   * argument sits.
   */
  public record Launch(String recipe, int scriptIndex, List<String> command) {
    /** The arguments after the script. */
    public List<String> arguments() {
      return command.subList(scriptIndex + 1, command.size());
    }

    /** True when an argument equals one of {@code flags} (e.g. {@code --smoke}). */
    public boolean has(String... flags) {
      return arguments().stream().anyMatch(a -> List.of(flags).contains(a));
    }
  }

  /** The recipe a command launches, or empty for any other command. */
  public static Optional<Launch> launch(List<String> command) {
    for (int i = 0; i < command.size(); i++) {
      Matcher m = SCRIPT.matcher(command.get(i));
      if (m.matches()) {
        return Optional.of(new Launch(m.group(1), i, command));
      }
    }
    return Optional.empty();
  }

  /** {@code recipes/llm/<helper>} next to the launched script, else in the configured folder. */
  public Optional<Path> helper(Launch launch, Path workDir, String helper) {
    Path script = Path.of(launch.command().get(launch.scriptIndex()));
    if (!script.isAbsolute() && workDir != null) {
      script = workDir.resolve(script);
    }
    Path beside = script.toAbsolutePath().normalize().resolveSibling(helper);
    if (Files.isRegularFile(beside)) {
      return Optional.of(beside);
    }
    return Optional.ofNullable(configured)
        .map(f -> f.resolve("llm").resolve(helper))
        .filter(Files::isRegularFile);
  }

  /**
   * What a helper printed and how it ended; {@code exitCode} -1 when it ran past its time limit.
   */
  public record Outcome(int exitCode, String stdout, String stderr) {}

  /**
   * Runs {@code python helper args…} in {@code cwd} with the interpreter LLM jobs get, killed after
   * {@code limit}.
   */
  public Outcome run(Path helper, List<String> args, Path cwd, Duration limit) {
    List<String> asked = new ArrayList<>(List.of("python", helper.toString()));
    asked.addAll(args);
    List<String> command = python.rewrite(asked);
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      if (cwd != null && Files.isDirectory(cwd)) {
        builder.directory(cwd.toFile());
      }
      Process p = builder.start();
      p.getOutputStream().close();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        return new Outcome(
            -1, "", helper.getFileName() + " did not finish within " + limit.toSeconds() + " s");
      }
      return new Outcome(p.exitValue(), out.join(), err.join());
    } catch (IOException e) {
      return new Outcome(-1, "", "cannot start " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(-1, "", "interrupted");
    }
  }

  private static String read(java.io.InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
