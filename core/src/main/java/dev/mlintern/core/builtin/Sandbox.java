package dev.mlintern.core.builtin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The one sandbox for code the model runs: shell commands and local jobs. With bubblewrap it is
 * built as an allow-list on an empty root: the system folders ({@code /usr}, {@code /lib*}, {@code
 * /bin}, {@code /sbin}, {@code /etc}) and the {@code readable} folders (the vetted recipes, a job
 * interpreter's install folder) read-only; the workspace (and a job's own folder) writable; empty
 * tmpfs over {@code /tmp}, {@code /var/tmp}, {@code /home}, {@code /root}, {@code /srv}, {@code
 * /mnt}, {@code /opt} and the {@code hidden} folders ({@code $MLINTERN_HOME}: store, tokens,
 * config); its own PID namespace and {@code /proc}, so nothing inside can read our environment;
 * every capability dropped; and no network unless the call asked for it. Without bwrap the command
 * runs directly (still in the workspace, with a scrubbed environment).
 */
public record Sandbox(Optional<Path> bwrap, List<Path> hidden, List<Path> readable) {
  private static final List<String> SYSTEM = List.of("/usr", "/etc", "/sys");
  private static final List<String> SYSTEM_LINKS =
      List.of("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32");
  private static final List<String> EMPTY =
      List.of("/tmp", "/var/tmp", "/home", "/root", "/srv", "/mnt", "/opt", "/run");

  public Sandbox {
    hidden = List.copyOf(hidden);
    readable = List.copyOf(readable);
  }

  public static Sandbox none() {
    return new Sandbox(Optional.empty(), List.of(), List.of());
  }

  /**
   * bwrap from {@code /usr/bin/bwrap} if it can actually create a sandbox on this machine, hiding
   * {@code hidden} and showing {@code readable} read-only.
   */
  public static Sandbox detect(List<Path> hidden, List<Path> readable) {
    Path bwrap = Path.of("/usr/bin/bwrap");
    if (!Files.isExecutable(bwrap)) {
      return new Sandbox(Optional.empty(), hidden, readable);
    }
    try {
      Process probe =
          new ProcessBuilder(
                  bwrap.toString(),
                  "--ro-bind",
                  "/",
                  "/",
                  "--unshare-pid",
                  "--unshare-net",
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
      return new Sandbox(works ? Optional.of(bwrap) : Optional.empty(), hidden, readable);
    } catch (IOException e) {
      return new Sandbox(Optional.empty(), hidden, readable);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Sandbox(Optional.empty(), hidden, readable);
    }
  }

  public boolean active() {
    return bwrap.isPresent();
  }

  /**
   * The argument vector that runs {@code bash -c command} in {@code workspace}, in a session of its
   * own (it cannot reach the terminal mlintern runs in) that dies with us.
   */
  List<String> shell(String command, Path workspace, boolean network) {
    List<String> argv = new ArrayList<>();
    if (bwrap.isPresent()) {
      argv.addAll(List.of(bwrap.get().toString(), "--die-with-parent", "--new-session"));
      argv.addAll(confinement(workspace, List.of(workspace), List.of(), network));
    } else {
      argv.add("setsid");
    }
    argv.addAll(List.of("bash", "-c", command));
    return argv;
  }

  /**
   * The argument vector that runs a job's {@code command} in {@code workDir} with the {@code
   * writable} folders (the workspace and the job's own folder) and {@code alsoReadable} (its
   * interpreter's install folder) visible. It stays in its caller's process group, so signalling
   * the group reaches everything it started.
   */
  public List<String> job(
      List<String> command,
      Path workDir,
      List<Path> writable,
      List<Path> alsoReadable,
      boolean network) {
    List<String> argv = new ArrayList<>();
    if (bwrap.isPresent()) {
      argv.add(bwrap.get().toString());
      argv.addAll(confinement(workDir, writable, alsoReadable, network));
    }
    argv.addAll(command);
    return argv;
  }

  private List<String> confinement(
      Path workDir, List<Path> writable, List<Path> alsoReadable, boolean network) {
    List<String> args =
        new ArrayList<>(List.of("--unshare-pid", "--unshare-ipc", "--cap-drop", "ALL"));
    if (!network) {
      args.add("--unshare-net");
    }
    for (String folder : SYSTEM) {
      args.addAll(List.of("--ro-bind-try", folder, folder));
    }
    for (String folder : SYSTEM_LINKS) {
      Path path = Path.of(folder);
      if (Files.isSymbolicLink(path)) {
        try {
          args.addAll(List.of("--symlink", Files.readSymbolicLink(path).toString(), folder));
        } catch (IOException e) {
          // an unreadable link is left out
        }
      } else if (Files.isDirectory(path)) {
        args.addAll(List.of("--ro-bind", folder, folder));
      }
    }
    args.addAll(List.of("--dev", "/dev", "--proc", "/proc"));
    for (String device : gpuDevices()) {
      args.addAll(List.of("--dev-bind", device, device));
    }
    for (String folder : EMPTY) {
      args.addAll(List.of("--tmpfs", folder));
    }
    for (Path path : hidden) {
      if (Files.isDirectory(path)) {
        args.addAll(List.of("--tmpfs", real(path)));
      }
    }
    List<Path> shown = new ArrayList<>(readable);
    shown.addAll(alsoReadable);
    for (Path path : shown) {
      if (Files.exists(path)) {
        args.addAll(List.of("--ro-bind", real(path), real(path)));
      }
    }
    for (Path path : writable) {
      args.addAll(List.of("--bind", real(path), real(path)));
    }
    args.addAll(List.of("--chdir", real(workDir)));
    return args;
  }

  /** The path with every link resolved, so the folder mounted is the one the link names. */
  private static String real(Path path) {
    try {
      return path.toRealPath().toString();
    } catch (IOException e) {
      return path.toAbsolutePath().normalize().toString();
    }
  }

  /** {@code /dev/nvidia*}: a job that asked for a GPU gets it through CUDA_VISIBLE_DEVICES. */
  private static List<String> gpuDevices() {
    try (var entries = Files.list(Path.of("/dev"))) {
      return entries
          .map(Path::toString)
          .filter(name -> name.startsWith("/dev/nvidia"))
          .sorted()
          .toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
