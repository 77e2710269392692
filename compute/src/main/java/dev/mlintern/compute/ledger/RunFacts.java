package dev.mlintern.compute.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobState;
import dev.mlintern.compute.LogChunk;
import dev.mlintern.compute.LogQuery;
import dev.mlintern.compute.LogReader;
import dev.mlintern.compute.MetricPoint;
import dev.mlintern.compute.MetricsProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Derives a ledger run from a finished job: its config, code hash (command plus the script files it
 * names), data hash (the files its config points at), seed, final metrics (the result's, else each
 * metric's last value) and artifacts.
 */
public final class RunFacts {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> DATA_KEYS =
      List.of("train", "test", "data", "train_path", "test_path", "path");

  private RunFacts() {}

  /**
   * {@code result.json}, else the last {@code MLINTERN_RESULT} line of the log; null when the job
   * left neither.
   */
  public static JsonNode readResult(Path outputDir) {
    Path file = outputDir.resolve("result.json");
    try {
      if (Files.exists(file)) {
        return JSON.readTree(file.toFile());
      }
    } catch (IOException e) {
      // a half-written result.json: fall back to the result line
    }
    LogChunk last =
        LogReader.read(
            outputDir.resolve("stdout.log"),
            new LogQuery(1, null, MetricsProtocol.RESULT.strip(), 1 << 20));
    return last.lines().isEmpty() ? null : MetricsProtocol.result(last.lines().get(0)).orElse(null);
  }

  public static RunRecord run(
      JobRecord job,
      JobState state,
      JsonNode result,
      List<MetricPoint> points,
      List<String> command) {
    JsonNode config = readJson(job.outputDir().resolve("config.json"));
    ObjectNode metrics = JSON.createObjectNode();
    for (MetricPoint p : points) {
      metrics.set(p.name(), p.jsonValue());
    }
    JsonNode artifacts = null;
    String status = state == JobState.SUCCEEDED ? "ok" : state.label();
    if (result != null) {
      if (result.path("metrics").isObject()) {
        metrics.setAll((ObjectNode) result.get("metrics"));
      }
      artifacts = result.path("artifacts").isObject() ? result.get("artifacts") : null;
      if ("error".equals(result.path("status").asText()) && "ok".equals(status)) {
        status = "error";
      }
    }
    Long seed =
        config != null && config.path("seed").canConvertToLong()
            ? config.get("seed").asLong()
            : null;
    Map<String, String> labels = job.labels();
    String experiment = labels.getOrDefault("experiment", "adhoc");
    return new RunRecord(
        null,
        experiment,
        job.id(),
        labels.get("parent_run"),
        config,
        codeHash(command),
        labels.getOrDefault("data_hash", dataHash(config)),
        seed,
        job.executor(),
        cost(job),
        status,
        metrics,
        artifacts,
        null,
        null);
  }

  /** The job's actual cost where known, else its estimate; null for a free job. */
  private static Double cost(JobRecord job) {
    return job.costUsd() != null
        ? job.costUsd()
        : job.estimatedUsd() > 0 ? job.estimatedUsd() : null;
  }

  static String codeHash(List<String> command) {
    MessageDigest digest = sha256();
    for (String part : command) {
      digest.update(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      Path file = Path.of(part);
      if (part.endsWith(".py") || part.endsWith(".sh")) {
        hashFile(digest, file);
      }
    }
    return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
  }

  static String dataHash(JsonNode config) {
    if (config == null) {
      return null;
    }
    MessageDigest digest = sha256();
    boolean any = false;
    for (String key : DATA_KEYS) {
      JsonNode value = config.get(key);
      if (value != null && value.isTextual() && Files.isRegularFile(Path.of(value.asText()))) {
        any |= hashFile(digest, Path.of(value.asText()));
      }
    }
    return any ? HexFormat.of().formatHex(digest.digest()).substring(0, 16) : null;
  }

  private static boolean hashFile(MessageDigest digest, Path file) {
    if (!Files.isRegularFile(file)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[1 << 16];
      long budget = 256L << 20;
      for (int n; (n = in.read(buffer)) > 0 && budget > 0; budget -= n) {
        digest.update(buffer, 0, n);
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static JsonNode readJson(Path file) {
    try {
      return Files.exists(file) ? JSON.readTree(file.toFile()) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
