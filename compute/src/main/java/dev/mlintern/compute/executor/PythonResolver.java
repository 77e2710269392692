package dev.mlintern.compute.executor;

import dev.mlintern.core.config.Settings;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Picks the interpreter for local Python jobs: the configured {@code MLINTERN_PYTHON} if set, else
 * the first {@code python3} on the job PATH (then {@code /usr/bin/python3}) that can import the
 * modules jobs need. On Debian the pyenv {@code python3} cannot see the apt-installed torch and
 * scikit-learn, so this usually lands on {@code /usr/bin/python3}. A job that runs an LLM recipe
 * ({@code recipes/llm/*.py}) gets the pinned LLM environment's interpreter instead, when that
 * environment exists and {@code MLINTERN_PYTHON} is not set: the tabular tier stays light, and the
 * LLM recipes run against exactly the lock's torch, transformers, peft and TRL.
 */
public final class PythonResolver {
  public static final List<String> DEFAULT_MODULES = List.of("numpy", "sklearn", "pandas");
  private static final Pattern LLM_RECIPE = Pattern.compile("(?:^|.*/)recipes/llm/[^/]+\\.py$");
  private final String configured;
  private final String path;
  private final List<String> modules;
  private final LlmVenv llm;
  private volatile String resolved;

  /** A resolver without an LLM environment. */
  public PythonResolver(String configured, String path, List<String> modules) {
    this(configured, path, modules, null);
  }

  /** {@code llm} null: LLM recipes run with the same interpreter as every other job. */
  public PythonResolver(String configured, String path, List<String> modules, LlmVenv llm) {
    this.configured = configured;
    this.path = path == null ? "/usr/local/bin:/usr/bin:/bin" : path;
    this.modules = List.copyOf(modules);
    this.llm = llm;
  }

  /**
   * The one interpreter choice for these settings ({@code MLINTERN_PYTHON}, else the LLM
   * environment for LLM recipes, else a probe of {@code PATH}): local and Slurm jobs run with it
   * and {@code mlintern doctor} reports it.
   */
  public static PythonResolver forJobs(Settings settings) {
    return new PythonResolver(
        settings.get("MLINTERN_PYTHON").orElse(null),
        settings.get("PATH").orElse(null),
        DEFAULT_MODULES,
        LlmVenv.fromSettings(settings));
  }

  /** The LLM environment LLM recipes run in, when there is one. */
  public java.util.Optional<LlmVenv> llm() {
    return java.util.Optional.ofNullable(llm);
  }

  /** True when the interpreter was named in the configuration rather than found by probing. */
  public boolean configured() {
    return configured != null && !configured.isBlank();
  }

  public String resolve() {
    if (configured()) {
      return configured;
    }
    String cached = resolved;
    if (cached != null) {
      return cached;
    }
    List<String> candidates = new ArrayList<>();
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "python3");
      if (Files.isExecutable(candidate) && !candidates.contains(candidate.toString())) {
        candidates.add(candidate.toString());
      }
    }
    if (!candidates.contains("/usr/bin/python3")) {
      candidates.add("/usr/bin/python3");
    }
    for (String candidate : candidates) {
      if (hasModules(candidate)) {
        resolved = candidate;
        return candidate;
      }
    }
    resolved = candidates.get(0);
    return resolved;
  }

  /**
   * Replaces a leading {@code python} or {@code python3} in a command by the interpreter for it:
   * the LLM environment's for an LLM recipe (when it exists and no interpreter was configured),
   * else the resolved one. A command that names its interpreter by path keeps it.
   */
  public List<String> rewrite(List<String> command) {
    String first = command.get(0);
    if (!first.equals("python") && !first.equals("python3")) {
      return command;
    }
    List<String> out = new ArrayList<>(command);
    boolean llmRecipe = command.stream().anyMatch(a -> LLM_RECIPE.matcher(a).matches());
    out.set(
        0,
        llmRecipe && !configured() && llm != null && llm.exists()
            ? llm.python().toString()
            : resolve());
    return out;
  }

  /**
   * The folders an interpreter at {@code executable} needs to see besides the system folders: a
   * virtual environment's root and the root of the installation its {@code python} links to. Empty
   * for a bare command name or an interpreter under {@code /usr}.
   */
  public static List<Path> installFolders(String executable) {
    Path path = Path.of(executable);
    if (!path.isAbsolute()) {
      return List.of();
    }
    List<Path> folders = new ArrayList<>();
    folders.add(path.getParent().getParent());
    try {
      folders.add(path.toRealPath().getParent().getParent());
    } catch (IOException e) {
      // a missing interpreter fails in the job with its own message
    }
    return folders.stream()
        .filter(f -> f != null && f.getNameCount() > 0 && !f.startsWith("/usr"))
        .distinct()
        .toList();
  }

  private boolean hasModules(String python) {
    String probe =
        "import importlib.util, sys; sys.exit(0 if all(importlib.util.find_spec(m) for m in "
            + modules.stream().map(m -> "'" + m + "'").toList()
            + ") else 1)";
    try {
      Process p = new ProcessBuilder(python, "-c", probe).redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
