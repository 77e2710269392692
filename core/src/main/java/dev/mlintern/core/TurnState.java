package dev.mlintern.core;

import dev.mlintern.core.model.Usage;
import java.time.Instant;

/** What the loop counts during one user turn. Mutated only by the session's thread. */
final class TurnState {
  final Instant start;
  int iterations;
  int toolCalls;
  int planReprompts;
  int emptyAnswers;
  boolean untrusted;
  boolean forceCompaction;
  boolean overflowRetried;
  boolean warnedIterations;
  boolean warnedTime;
  boolean budgetNoted;
  double budgetLevel;
  Usage usage = Usage.ZERO;
  double usd;

  TurnState(Instant start) {
    this.start = start;
  }
}
