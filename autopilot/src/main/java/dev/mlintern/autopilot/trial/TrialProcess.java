package dev.mlintern.autopilot.trial;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the bundled recipe with a config, waits (bounded), and reads its metric and result lines.
 */
final class TrialProcess {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String METRIC = "MLINTERN_METRIC ";
  private static final String RESULT = "MLINTERN_RESULT ";

  private final String python;
  private final Duration timeout;

  TrialProcess(String python, Duration timeout) {
    this.python = python;
    this.timeout = timeout;
  }

  TrialOutcome run(Path workspace, Path out, ObjectNode config) {
    try {
      Files.createDirectories(out);
      Path script = recipe(workspace);
      Path configFile = out.resolve("config.json");
      Files.writeString(configFile, config.toPrettyString());
      Path log = out.resolve("stdout.log");
      ProcessBuilder builder =
          new ProcessBuilder(python, script.toString(), configFile.toString())
              .directory(out.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      builder.environment().put("MLINTERN_OUTPUT", out.toString());
      builder.environment().put("MLINTERN_CONFIG", configFile.toString());
      builder.environment().put("OMP_NUM_THREADS", "1");
      builder.environment().put("OPENBLAS_NUM_THREADS", "1");
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        return new TrialOutcome(
            false, null, List.of(), "timed out after " + timeout.toSeconds() + " s");
      }
      return read(Files.readAllLines(log, StandardCharsets.UTF_8), process.exitValue());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new TrialOutcome(false, null, List.of(), "interrupted");
    }
  }

  static TrialOutcome read(List<String> lines, int exit) throws IOException {
    List<JsonNode> points = new ArrayList<>();
    JsonNode result = null;
    for (String line : lines) {
      if (line.startsWith(METRIC)) {
        points.add(JSON.readTree(line.substring(METRIC.length())));
      } else if (line.startsWith(RESULT)) {
        result = JSON.readTree(line.substring(RESULT.length()));
      }
    }
    if (result == null) {
      String tail = String.join("\n", lines.subList(Math.max(0, lines.size() - 6), lines.size()));
      return new TrialOutcome(
          false, null, points, "exit " + exit + " without a result; last lines:\n" + tail);
    }
    if (!"ok".equals(result.path("status").asText())) {
      JsonNode error = result.path("error");
      return new TrialOutcome(
          false,
          null,
          points,
          error.path("kind").asText("error") + ": " + error.path("message").asText(""));
    }
    return new TrialOutcome(true, result.path("metrics"), points, null);
  }

  /**
   * The bundled recipe, copied into the workspace once so a job can be rerun by hand from its
   * config.
   */
  private static Path recipe(Path workspace) throws IOException {
    Path script = workspace.resolve(".autopilot/trial.py");
    synchronized (TrialProcess.class) {
      if (!Files.exists(script)) {
        Files.createDirectories(script.getParent());
        try (InputStream in =
            TrialProcess.class.getResourceAsStream("/dev/mlintern/autopilot/trial.py")) {
          Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
    return script;
  }
}
