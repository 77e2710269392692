package dev.mlintern.cli;

import java.time.Duration;
import java.time.Instant;

/**
 * A time budget counted from the start of the process, as a person times a command: the session
 * plans with what is left once the JVM has started, the goal been checked and the engine opened,
 * less {@link #ENDING} for what follows it (the ending, the session record, the exit), so the
 * command ends within its budget when the session keeps to its plan. One that does not is stopped
 * at {@link #deadline}: the budget plus max(5%, 5 s), less {@link #STOPPING} for cancelling its
 * jobs and recording the stop.
 *
 * @param processStart when the JVM started (for a command line run in-process: the call)
 * @param budget the whole budget, e.g. {@code --time-budget 2m}
 */
public record TimeBudget(Instant processStart, Duration budget) {
  /** Kept after a session that ends on its own, for saying how it ended and exiting. */
  static final Duration ENDING = Duration.ofSeconds(1);

  /** Kept after a session stopped at the deadline: its jobs are cancelled, the stop recorded. */
  static final Duration STOPPING = Duration.ofSeconds(3);

  private static final Duration LEAST = Duration.ofSeconds(1);

  /** What a session starting at {@code now} may plan with; at least one second. */
  public Duration left(Instant now) {
    Duration left = budget.minus(Duration.between(processStart, now)).minus(ENDING);
    return left.compareTo(LEAST) < 0 ? LEAST : left;
  }

  /** When a session still running is stopped. */
  public Instant deadline() {
    Duration grace = Duration.ofMillis(Math.max(5000, budget.toMillis() / 20));
    return processStart.plus(budget).plus(grace).minus(STOPPING);
  }
}
