package dev.mlintern.core.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Wraps a command in bubblewrap when it is installed and works here: the whole file system
 * read-only, the workspace writable, a private {@code /tmp}, {@code $MLINTERN_HOME} (store, tokens,
 * config) hidden behind an empty tmpfs, its own PID namespace so it cannot read our environment
 * through {@code /proc}, and killed with us. Without bwrap the command runs directly (still in the
 * workspace, with a scrubbed environment).
 */
public record Sandbox(Optional<Path> bwrap, List<Path> hidden) {
  public Sandbox {
    hidden = List.copyOf(hidden);
  }

  public static Sandbox none() {
    return new Sandbox(Optional.empty(), List.of());
  }

  /**
   * bwrap from {@code /usr/bin/bwrap} if it can actually create a sandbox on this machine, hiding
   * {@code hidden}.
   */
  public static Sandbox detect(List<Path> hidden) {
    Path bwrap = Path.of("/usr/bin/bwrap");
    if (!Files.isExecutable(bwrap)) {
      return new Sandbox(Optional.empty(), hidden);
    }
    try {
      Process probe =
          new ProcessBuilder(
                  bwrap.toString(),
                  "--ro-bind",
                  "/",
                  "/",
                  "--unshare-pid",
                  "--proc",
                  "/proc",
                  "--dev",
                  "/dev",
                  "true")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      boolean works = probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
      probe.destroyForcibly();
      return new Sandbox(works ? Optional.of(bwrap) : Optional.empty(), hidden);
    } catch (IOException e) {
      return new Sandbox(Optional.empty(), hidden);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Sandbox(Optional.empty(), hidden);
    }
  }

  public boolean active() {
    return bwrap.isPresent();
  }

  /** The argument vector that runs {@code bash -c command} in {@code workspace}. */
  List<String> wrap(String command, Path workspace) {
    List<String> argv = new ArrayList<>();
    if (bwrap.isPresent()) {
      String ws = workspace.toAbsolutePath().normalize().toString();
      argv.addAll(
          List.of(
              bwrap.get().toString(),
              "--die-with-parent",
              "--unshare-pid",
              "--new-session",
              "--ro-bind",
              "/",
              "/",
              "--dev",
              "/dev",
              "--proc",
              "/proc",
              "--tmpfs",
              "/tmp"));
      for (Path path : hidden) {
        if (Files.isDirectory(path)) {
          argv.addAll(List.of("--tmpfs", path.toAbsolutePath().normalize().toString()));
        }
      }
      argv.addAll(List.of("--bind", ws, ws, "--chdir", ws));
    } else {
      argv.add("setsid");
    }
    argv.addAll(List.of("bash", "-c", command));
    return argv;
  }
}
