package dev.mlintern.compute;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * A job as the ledger knows it. {@code sessionId} null means the user's (submitted from the CLI,
 * never swept); {@code recorded} is set once its result has been written to the ledger, exactly
 * once. {@code estimatedUsd} is the cost estimated at submission (0 where running is free); {@code
 * costUsd} the actual cost so far as the executor last reported it (final once the job ended), null
 * where unknown.
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
    double estimatedUsd,
    Double costUsd) {

  /**
   * The label of a job whose output is untrusted (it had network, or its working folder held files
   * from outside): its value is that folder, whose files the job changed are marked when it ends.
   */
  public static final String UNTRUSTED_LABEL = "untrusted_output";

  /** The label that carries {@link #submittingCall()}. */
  public static final String CALL_LABEL = "call";

  /** The label that carries {@link #outputsLocation()}. */
  public static final String OUTPUTS_LABEL = "outputs";

  public JobRecord {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
  }

  /**
   * The id of the tool call that submitted this paid job, whose spend its actual cost replaces;
   * null otherwise.
   */
  public String submittingCall() {
    return labels.get(CALL_LABEL);
  }

  /**
   * Where a remote job's outputs are kept once it ends ({@code hf://owner/repo/outputs/ID}); null
   * for jobs that write to their local folder.
   */
  public String outputsLocation() {
    return labels.get(OUTPUTS_LABEL);
  }

  /** True when what the job printed and wrote came from outside. */
  public boolean untrusted() {
    return labels.containsKey(UNTRUSTED_LABEL);
  }

  public Path log() {
    return outputDir.resolve("stdout.log");
  }
}
