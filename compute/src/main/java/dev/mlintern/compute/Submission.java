package dev.mlintern.compute;

import java.nio.file.Path;
import java.util.Map;

/**
 * A job as handed to an executor: our id, the spec, the local folder that holds its log and result
 * (for remote executors a local mirror), and the secret values it declared.
 */
public record Submission(
    String jobId, JobSpec spec, Path outputDir, Map<String, String> secretValues) {
  public Submission {
    secretValues = secretValues == null ? Map.of() : Map.copyOf(secretValues);
  }
}
