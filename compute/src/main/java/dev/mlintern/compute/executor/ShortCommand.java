package dev.mlintern.compute.executor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short command-line tool (sbatch, squeue, scancel) to completion and returns its exit code
 * and output.
 */
final class ShortCommand {
  /** What a finished command printed. */
  record Output(int exitCode, String stdout) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  private ShortCommand() {}

  static Output run(List<String> command, Map<String, String> environment) {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    if (environment != null) {
      builder.environment().clear();
      builder.environment().putAll(environment);
    }
    try {
      Process p = builder.start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Output(124, "timed out: " + String.join(" ", command));
      }
      return new Output(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return new Output(127, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Output(130, "interrupted");
    }
  }
}
