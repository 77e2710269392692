package dev.mlintern.compute.executor;

import dev.mlintern.compute.Submission;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A job's environment: nothing from the calling process but the base PATH/HOME/LANG, then the
 * spec's variables, the secrets it declared and the fixed protocol variables {@code
 * MLINTERN_JOB_ID}, {@code MLINTERN_OUTPUT}, {@code MLINTERN_CONFIG}.
 */
final class JobEnvironment {
  private JobEnvironment() {}

  /** The scrubbed environment for a job on this machine or a cluster sharing its filesystem. */
  public static Map<String, String> scrubbed(Map<String, String> base, Submission submission) {
    Map<String, String> env = new LinkedHashMap<>(base);
    env.put("PYTHONUNBUFFERED", "1");
    env.putAll(submission.spec().environment());
    env.putAll(submission.secretValues());
    env.putAll(protocol(submission));
    return env;
  }

  /**
   * Writes the spec's config (if any) to {@code config.json} in the output folder and returns the
   * variables.
   */
  public static Map<String, String> protocol(Submission submission) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("MLINTERN_JOB_ID", submission.jobId());
    env.put("MLINTERN_OUTPUT", submission.outputDir().toString());
    if (submission.spec().config() != null) {
      Path config = submission.outputDir().resolve("config.json");
      try {
        if (!Files.exists(config)) {
          Files.writeString(config, submission.spec().config().toPrettyString());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      env.put("MLINTERN_CONFIG", config.toString());
    }
    return env;
  }
}
