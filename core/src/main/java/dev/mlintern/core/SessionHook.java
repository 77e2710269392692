package dev.mlintern.core;

/**
 * Told when a session ends or its running turn is interrupted, so resources the session started
 * (compute jobs) can be cancelled. A detached session ({@link AgentSession#detach()}) does not call
 * it: its jobs keep running.
 */
@FunctionalInterface
public interface SessionHook {
  /**
   * {@code interrupted} is true for Ctrl-C / interrupt of a running turn, false for a normal close.
   */
  void onSessionEnd(String sessionId, boolean interrupted);
}
