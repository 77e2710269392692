package dev.mlintern.compute;

import java.time.Instant;

/** What an executor knows about one job right now; {@code exitCode} and {@code endedAt} are null until it ends. */
public record NativeStatus(JobState state, Integer exitCode, String message, Instant startedAt, Instant endedAt) {
  public static NativeStatus of(JobState state) {
    return new NativeStatus(state, null, null, null, null);
  }
}
