package dev.mlintern.compute.executor;

import dev.mlintern.compute.JobException;
import dev.mlintern.compute.JobExecutor;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.NativeStatus;
import dev.mlintern.compute.Submission;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.builtin.Sandbox;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs jobs on this machine, detached: each job is a {@code setsid} wrapper process that outlives
 * the JVM that started it and records everything in the job folder, so {@code jobs status} from a
 * later CLI call, or an agent restarted after a crash, sees it. The job command runs in its own
 * process group (cancel and timeout kill the whole tree), with an environment scrubbed to a base
 * PATH/HOME plus what the spec declares, and waits for one of {@code maxConcurrent} slots (file
 * locks, so the limit holds across processes). The command itself runs in the shell's {@link
 * Sandbox}: only the workspace and the job folder writable, the interpreter's install folder
 * readable, no view of our processes, no network unless the spec asks for it.
 */
public final class LocalExecutor implements JobExecutor {
  private final Path jobsRoot;
  private final int maxConcurrent;
  private final Map<String, String> baseEnvironment;
  private final PythonResolver python;
  private final Supplier<List<Gpus.Gpu>> gpus;
  private final Clock clock;
  private final Sleeper pause;
  private final Sandbox sandbox;

  public LocalExecutor(
      Path jobsRoot,
      int maxConcurrent,
      Map<String, String> baseEnvironment,
      PythonResolver python,
      Supplier<List<Gpus.Gpu>> gpus,
      Clock clock,
      Sleeper pause,
      Sandbox sandbox) {
    this.sandbox = sandbox;
    this.jobsRoot = jobsRoot;
    this.maxConcurrent = maxConcurrent;
    this.baseEnvironment = Map.copyOf(baseEnvironment);
    this.python = python;
    this.gpus = gpus;
    this.clock = clock;
    this.pause = pause;
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public String submit(Submission submission) {
    JobSpec spec = submission.spec();
    int wanted = spec.resources().gpus();
    Map<String, String> env = JobEnvironment.scrubbed(baseEnvironment, submission);
    if (wanted > 0) {
      List<Gpus.Gpu> found = gpus.get();
      if (found.size() < wanted) {
        throw new JobException(
            JobException.Kind.INVALID,
            "the job asks for "
                + wanted
                + " GPU(s) but this machine has "
                + found.size()
                + "; ask for gpus=0, or use the slurm or hf-jobs executor");
      }
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < wanted; i++) {
        ids.add(String.valueOf(found.get(i).index()));
      }
      env.put("CUDA_VISIBLE_DEVICES", String.join(",", ids));
    }
    Path dir = submission.outputDir();
    Path workDir = spec.workDir() != null ? Path.of(spec.workDir()) : dir;
    Path script = WrapperFolder.installScript(jobsRoot);
    List<String> command =
        new ArrayList<>(
            List.of(
                "setsid",
                "bash",
                script.toString(),
                dir.toString(),
                workDir.toString(),
                String.valueOf(
                    spec.timeout() == null ? 0 : Math.max(1, spec.timeout().toSeconds())),
                String.valueOf(maxConcurrent),
                jobsRoot.resolve(".slots").toString()));
    List<String> run = python.rewrite(spec.command());
    command.addAll(
        sandbox.job(
            run,
            workDir,
            workDir.equals(dir) ? List.of(dir) : List.of(workDir, dir),
            PythonResolver.installFolders(run.get(0)),
            spec.network()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(new File("/dev/null"))
            .redirectOutput(dir.resolve("wrapper.log").toFile())
            .redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    try {
      return String.valueOf(builder.start().pid());
    } catch (IOException e) {
      throw new JobException(
          JobException.Kind.BACKEND, "could not start the local job: " + e.getMessage(), e);
    }
  }

  @Override
  public NativeStatus status(String nativeId, Path outputDir) {
    WrapperFolder folder = new WrapperFolder(outputDir);
    NativeStatus status = folder.status();
    if (status.state().terminal()) {
      return status;
    }
    if (alive(folder.wrapperPid(), outputDir)
        || alive(nativeId == null ? null : Long.valueOf(nativeId), outputDir)) {
      return status;
    }
    if (folder.ended()) {
      return folder.status();
    }
    Long group = folder.pgid();
    if (group != null && groupAlive(group)) {
      return new NativeStatus(
          JobState.RUNNING, null, "wrapper gone, job still running", status.startedAt(), null);
    }
    if (!folder.started()
        && Duration.between(lastModified(outputDir), clock.instant()).toSeconds() < 10) {
      return status;
    }
    folder.settle(folder.cancelled() ? 130 : 255, clock.instant());
    NativeStatus settled = folder.status();
    return folder.cancelled()
        ? settled
        : new NativeStatus(
            JobState.LOST,
            settled.exitCode(),
            "the job's wrapper vanished without an exit code",
            settled.startedAt(),
            settled.endedAt());
  }

  @Override
  public void cancel(String nativeId, Path outputDir) {
    WrapperFolder folder = new WrapperFolder(outputDir);
    if (folder.ended()) {
      return;
    }
    folder.markCancelled();
    Long group = folder.pgid();
    if (group == null) {
      return;
    }
    signalGroup("TERM", group);
    try {
      for (int i = 0; i < 30 && groupAlive(group); i++) {
        pause.sleep(Duration.ofMillis(100));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (groupAlive(group)) {
      signalGroup("KILL", group);
    }
  }

  private static void signalGroup(String signal, long group) {
    try {
      new ProcessBuilder("kill", "-" + signal, "--", "-" + group)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor();
    } catch (IOException e) {
      throw new JobException(
          JobException.Kind.BACKEND, "could not signal job process group " + group, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** True while any process of the group is alive (probed with {@code kill -0}). */
  static boolean groupAlive(long group) {
    try {
      Process p =
          new ProcessBuilder("kill", "-0", "--", "-" + group)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** Alive and really our wrapper for this folder (guards against a recycled pid). */
  private static boolean alive(Long pid, Path outputDir) {
    if (pid == null) {
      return false;
    }
    Path cmdline = Path.of("/proc", String.valueOf(pid), "cmdline");
    try {
      String text = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
      Path stat = Path.of("/proc", String.valueOf(pid), "stat");
      String state = Files.readString(stat);
      boolean zombie = state.substring(state.lastIndexOf(')') + 2).startsWith("Z");
      return !zombie && text.contains(outputDir.toString());
    } catch (IOException e) {
      return false;
    }
  }

  private static java.time.Instant lastModified(Path dir) {
    try {
      return Files.getLastModifiedTime(dir).toInstant();
    } catch (IOException e) {
      return java.time.Instant.EPOCH;
    }
  }
}
