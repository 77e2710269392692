package dev.mlintern.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.executor.PythonResolver;
import dev.mlintern.core.config.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Python interpreter local jobs run with (the one {@link PythonResolver} picks, as the jobs
 * service does) and whether it has what a task's jobs import, checked before the first job. Two
 * tiers: tabular (numpy, pandas, scikit-learn: Debian's packages, quick to install) and LLM (the
 * post-training environment, several GB, never pulled for a tabular task). An interpreter the
 * person chose with {@code MLINTERN_PYTHON} is never modified; Debian's default one is completed
 * with the project's install script when mlintern runs as root.
 */
public final class PythonEnvironment {
  /** What a kind of task imports, with the pip and Debian names of each module. */
  public enum Tier {
    TABULAR(
        List.of("numpy", "pandas", "sklearn"),
        List.of("numpy", "pandas", "scikit-learn"),
        List.of("python3-numpy", "python3-pandas", "python3-sklearn")),
    LLM(
        List.of("torch", "transformers", "peft", "datasets"),
        List.of("torch", "transformers", "peft", "datasets"),
        List.of());

    private final List<String> modules;
    private final List<String> pip;
    private final List<String> debian;

    Tier(List<String> modules, List<String> pip, List<String> debian) {
      this.modules = modules;
      this.pip = pip;
      this.debian = debian;
    }

    public List<String> modules() {
      return modules;
    }

    String pipName(String module) {
      return pip.get(modules.indexOf(module));
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final java.util.function.Supplier<String> resolver;
  private String interpreter;
  private final boolean chosen;
  private final Optional<Path> installScript;
  private final boolean mayInstall;

  PythonEnvironment(
      java.util.function.Supplier<String> resolver,
      boolean chosen,
      Optional<Path> installScript,
      boolean mayInstall) {
    this.resolver = resolver;
    this.interpreter = resolver.get();
    this.chosen = chosen;
    this.installScript = installScript;
    this.mayInstall = mayInstall;
  }

  /**
   * The interpreter jobs use under these settings; installing is allowed on Debian as root with the
   * source checkout's {@code scripts/install-deps.sh} at hand.
   */
  public static PythonEnvironment fromSettings(Settings settings) {
    java.util.function.Supplier<String> resolver = () -> PythonResolver.forJobs(settings).resolve();
    Optional<Path> script =
        settings
            .get("MLINTERN_SOURCE")
            .map(root -> Path.of(root, "scripts", "install-deps.sh"))
            .filter(Files::isExecutable);
    boolean debianRoot =
        Files.exists(Path.of("/etc/debian_version"))
            && "root".equals(System.getProperty("user.name"));
    return new PythonEnvironment(
        resolver, PythonResolver.forJobs(settings).configured(), script, debianRoot);
  }

  public String interpreter() {
    return interpreter;
  }

  /** Whether the interpreter can import each module (not importing them: this takes ~50 ms). */
  public Map<String, Boolean> packages(List<String> modules) {
    Map<String, Boolean> found = new LinkedHashMap<>();
    modules.forEach(m -> found.put(m, false));
    String probe =
        "import importlib.util, json, sys\n"
            + "print(json.dumps({m: importlib.util.find_spec(m) is not None for m in sys.argv[1:]}))";
    List<String> command = new java.util.ArrayList<>(List.of(interpreter, "-c", probe));
    command.addAll(modules);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
      process.getOutputStream().close();
      String text;
      try (InputStream in = process.getInputStream()) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
        JsonNode answer = JSON.readTree(text);
        modules.forEach(m -> found.put(m, answer.path(m).asBoolean(false)));
      }
    } catch (IOException e) {
      // not runnable: every module counts as missing, and the message names the interpreter
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return found;
  }

  /**
   * Makes sure the interpreter has the tier's modules before any job starts: installs them with the
   * project's script when it may (saying so on {@code progress}), else refuses.
   *
   * @throws ProjectException naming every missing package and the command that installs them
   */
  public void ensure(Tier tier, PrintWriter progress) {
    List<String> missing = missing(tier);
    if (missing.isEmpty()) {
      return;
    }
    if (!chosen && mayInstall && installScript.isPresent() && !tier.debian.isEmpty()) {
      progress.println(
          "mlintern: installing Python packages for local jobs ("
              + String.join(", ", tier.debian)
              + ") with "
              + installScript.get()
              + " --python …");
      progress.flush();
      if (install(progress)) {
        interpreter = resolver.get();
        if (missing(tier).isEmpty()) {
          progress.println("mlintern: Python packages installed");
          return;
        }
      }
    }
    List<String> pip = missing.stream().map(tier::pipName).toList();
    String how =
        chosen || tier.debian.isEmpty()
            ? interpreter + " -m pip install " + String.join(" ", pip)
            : "apt-get install -y " + String.join(" ", tier.debian);
    throw new ProjectException(
        "Python "
            + interpreter
            + (chosen ? " (MLINTERN_PYTHON)" : "")
            + " lacks "
            + String.join(", ", pip)
            + ", which local jobs need; install them with: "
            + how);
  }

  private List<String> missing(Tier tier) {
    return packages(tier.modules()).entrySet().stream()
        .filter(e -> !e.getValue())
        .map(Map.Entry::getKey)
        .toList();
  }

  private boolean install(PrintWriter progress) {
    try {
      Process process =
          new ProcessBuilder(installScript.get().toString(), "--python")
              .redirectErrorStream(true)
              .start();
      process.getOutputStream().close();
      try (var lines = process.inputReader(StandardCharsets.UTF_8)) {
        lines.lines().forEach(line -> progress.println("  " + line));
      }
      return process.waitFor() == 0;
    } catch (IOException e) {
      progress.println("mlintern: the install script could not run: " + e.getMessage());
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
