package dev.mlintern.core.event;

import java.time.Instant;

/**
 * An {@link AgentEvent} as stored: its session, its per-session monotonic sequence number and its
 * time.
 */
public record Event(long seq, String session, Instant time, AgentEvent body) {
  public String type() {
    return body.type();
  }
}
