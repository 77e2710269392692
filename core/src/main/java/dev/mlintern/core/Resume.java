package dev.mlintern.core;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.store.Conversation;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a stored session consistent before it continues: tool calls without a result get a stub
 * result (never run again), an unfinished turn gets its {@code turn_complete}, and the latest plan
 * is restored; the loop also learns whether untrusted text is part of the task it continues.
 */
final class Resume {
  static final String NEVER_RAN =
      "Interrupted before it ran: the session stopped. Nothing was executed.";
  static final String MAY_HAVE_RUN =
      "Interrupted while it was running: the session stopped (the process ended)."
          + " It may have partly completed; check its effects before calling it again.";

  private Resume() {}

  /** Records the patches and returns the events including them. */
  static List<Event> patch(List<Event> events, Recorder recorder) {
    List<Event> all = new ArrayList<>(events);
    for (Conversation.Unanswered open : Conversation.unanswered(events)) {
      all.add(
          recorder.record(
              new AgentEvent.ToolResult(
                  open.call().id(),
                  open.call().name(),
                  open.started() ? MAY_HAVE_RUN : NEVER_RAN,
                  true,
                  null,
                  null)));
    }
    boolean inTurn = false;
    for (Event event : all) {
      if (event.body() instanceof AgentEvent.UserMessage) {
        inTurn = true;
      } else if (event.body() instanceof AgentEvent.TurnComplete) {
        inTurn = false;
      } else if (event.body() instanceof AgentEvent.PlanUpdated plan && plan.items() != null) {
        recorder.restorePlan(plan.items());
      }
    }
    if (inTurn) {
      all.add(
          recorder.record(
              new AgentEvent.TurnComplete(
                  "interrupted",
                  "The session stopped in the middle of this turn (the process ended); it was resumed from the store.",
                  null)));
    }
    return all;
  }

  /**
   * Whether a tool result marked untrusted came after the person's last message: such text is still
   * part of the task the model continues, so auto-approve keeps asking before spending, publishing
   * or unlisted commands.
   */
  static boolean untrustedSincePerson(List<Event> events) {
    boolean untrusted = false;
    for (Event event : events) {
      if (event.body() instanceof AgentEvent.UserMessage user
          && (user.origin() == null || "user".equals(user.origin()))) {
        untrusted = false;
      } else if (event.body() instanceof AgentEvent.ToolResult result && result.untrusted()) {
        untrusted = true;
      }
    }
    return untrusted;
  }
}
