package dev.mlintern.compute.executor;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Picks the interpreter for local Python jobs: the configured {@code MLINTERN_PYTHON} if set, else
 * the first {@code python3} on the job PATH (then {@code /usr/bin/python3}) that can import the
 * modules jobs need. On Debian the pyenv {@code python3} cannot see the apt-installed torch and
 * scikit-learn, so this usually lands on {@code /usr/bin/python3}.
 */
public final class PythonResolver {
  public static final List<String> DEFAULT_MODULES = List.of("numpy", "sklearn", "pandas");
  private final String configured;
  private final String path;
  private final List<String> modules;
  private volatile String resolved;

  public PythonResolver(String configured, String path, List<String> modules) {
    this.configured = configured;
    this.path = path == null ? "/usr/local/bin:/usr/bin:/bin" : path;
    this.modules = List.copyOf(modules);
  }

  public String resolve() {
    if (configured != null && !configured.isBlank()) {
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
   * Replaces a leading {@code python} or {@code python3} in a command by the resolved interpreter.
   */
  public List<String> rewrite(List<String> command) {
    String first = command.get(0);
    if (!first.equals("python") && !first.equals("python3")) {
      return command;
    }
    List<String> out = new ArrayList<>(command);
    out.set(0, resolve());
    return out;
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
