package dev.mlintern.compute;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A job as the ledger knows it. {@code sessionId} null means the user's (submitted from the CLI, never swept);
 * {@code recorded} is set once its result has been written to the ledger, exactly once.
 */
public record JobRecord(
    String id,
    String executor,
    String nativeId,
    String sessionId,
    boolean detached,
    String command,
    Path outputDir,
    JobState state,
    Integer exitCode,
    String message,
    Instant submittedAt,
    Instant endedAt,
    Map<String, String> labels,
    long logOffset,
    boolean recorded,
    double estimatedUsd) {

  public JobRecord {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  public Path log() {
    return outputDir.resolve("stdout.log");
  }
}
