package dev.mlintern.compute;

import java.time.Instant;

/**
 * What an executor knows about one job right now; {@code exitCode} and {@code endedAt} are null
 * until it ends. {@code costUsd} is what the job has actually cost so far (final once it ended),
 * null where the executor cannot tell or running costs nothing.
 */
public record NativeStatus(
    JobState state,
    Integer exitCode,
    String message,
    Instant startedAt,
    Instant endedAt,
    Double costUsd) {
  public NativeStatus(
      JobState state, Integer exitCode, String message, Instant startedAt, Instant endedAt) {
    this(state, exitCode, message, startedAt, endedAt, null);
  }

  public static NativeStatus of(JobState state) {
    return new NativeStatus(state, null, null, null, null);
  }
}
