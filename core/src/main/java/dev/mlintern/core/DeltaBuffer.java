package dev.mlintern.core;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.StreamListener;

/**
 * Coalesces streamed text into {@code assistant_delta} events of at least {@link #MIN_CHARS}
 * characters or {@link #MAX_DELAY_NANOS} of age, so a long answer becomes tens of stored events
 * rather than thousands.
 *
 * <p>When a call that already streamed text is retried ({@link #onReset}), the retry usually
 * streams the same beginning again: text the person has already seen is suppressed and only what
 * goes beyond it is recorded. If the retry says something else, the next delta carries {@code
 * reset} and restarts the answer's text.
 */
final class DeltaBuffer implements StreamListener {
  static final int MIN_CHARS = 48;
  static final long MAX_DELAY_NANOS = 50_000_000;

  private final Recorder recorder;
  private final StringBuilder pending = new StringBuilder();

  /** Text of this answer recorded since the last reset. */
  private final StringBuilder emitted = new StringBuilder();

  /** The retry's text so far while it is still expected to repeat {@link #replay}. */
  private final StringBuilder attempt = new StringBuilder();

  /**
   * What a failed attempt had recorded, which the retry is expected to repeat; null when not
   * replaying.
   */
  private String replay;

  private boolean resetNext;
  private long since;
  private boolean closed;

  DeltaBuffer(Recorder recorder) {
    this.recorder = recorder;
  }

  @Override
  public synchronized void onText(String delta) {
    if (delta == null || delta.isEmpty() || closed) {
      return;
    }
    String fresh = replay == null ? delta : beyondReplay(delta);
    if (fresh.isEmpty()) {
      return;
    }
    if (pending.length() == 0) {
      since = System.nanoTime();
    }
    pending.append(fresh);
    if (pending.length() >= MIN_CHARS || System.nanoTime() - since >= MAX_DELAY_NANOS) {
      flush();
    }
  }

  /**
   * The model call is retried from the start: drop unrecorded text and expect the recorded text
   * again.
   */
  @Override
  public synchronized void onReset() {
    pending.setLength(0);
    attempt.setLength(0);
    replay = emitted.length() > 0 ? emitted.toString() : null;
  }

  private String beyondReplay(String delta) {
    attempt.append(delta);
    String sofar = attempt.toString();
    if (sofar.length() <= replay.length() && replay.startsWith(sofar)) {
      if (sofar.length() == replay.length()) {
        endReplay();
      }
      return "";
    }
    if (sofar.startsWith(replay)) {
      String extra = sofar.substring(replay.length());
      endReplay();
      return extra;
    }
    endReplay();
    emitted.setLength(0);
    resetNext = true;
    return sofar;
  }

  private void endReplay() {
    replay = null;
    attempt.setLength(0);
  }

  /**
   * The call succeeded: records what is left, restarting the text if the retry's answer was
   * shorter.
   */
  synchronized void finish() {
    if (replay != null) {
      String sofar = attempt.toString();
      endReplay();
      emitted.setLength(0);
      resetNext = true;
      pending.setLength(0);
      pending.append(sofar);
      if (sofar.isEmpty()) {
        recorder.record(new AgentEvent.AssistantDelta("", true));
        resetNext = false;
      }
    }
    flush();
  }

  /** The call failed for good: the text streamed for it is void. */
  synchronized void abandon() {
    pending.setLength(0);
    endReplay();
    if (emitted.length() > 0 || resetNext) {
      recorder.record(new AgentEvent.AssistantDelta("", true));
    }
    emitted.setLength(0);
    resetNext = false;
    closed = true;
  }

  /** Flushes and ignores whatever a cancelled call still streams. */
  synchronized void close() {
    flush();
    closed = true;
  }

  synchronized void flush() {
    if (pending.length() > 0) {
      recorder.record(new AgentEvent.AssistantDelta(pending.toString(), resetNext));
      emitted.append(pending);
      pending.setLength(0);
      resetNext = false;
    }
  }
}
