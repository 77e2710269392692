package dev.mlintern.core;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.StreamListener;

/**
 * Coalesces streamed text into {@code assistant_delta} events of at least {@link #MIN_CHARS} characters or
 * {@link #MAX_DELAY_NANOS} of age, so a long answer becomes tens of stored events rather than thousands.
 */
final class DeltaBuffer implements StreamListener {
  static final int MIN_CHARS = 48;
  static final long MAX_DELAY_NANOS = 50_000_000;

  private final Recorder recorder;
  private final StringBuilder pending = new StringBuilder();
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
    if (pending.length() == 0) {
      since = System.nanoTime();
    }
    pending.append(delta);
    if (pending.length() >= MIN_CHARS || System.nanoTime() - since >= MAX_DELAY_NANOS) {
      flush();
    }
  }

  /** Flushes and ignores whatever a cancelled call still streams. */
  synchronized void close() {
    flush();
    closed = true;
  }

  synchronized void flush() {
    if (pending.length() > 0) {
      recorder.record(new AgentEvent.AssistantDelta(pending.toString()));
      pending.setLength(0);
    }
  }
}
