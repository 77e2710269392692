package dev.mlintern.core.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Everything that happens in a session, as data. The store appends each one with a per-session sequence
 * number ({@link Event}); UIs render them; the conversation is rebuilt from them on resume. The JSON type
 * names are a fixed contract: fields may be added, never renamed.
 */
public sealed interface AgentEvent {
  /** The JSON {@code type}. */
  String type();

  record SessionStarted(String goal, String model, String workspace) implements AgentEvent {
    public String type() { return "session_started"; }
  }

  /**
   * Text entering the conversation as a user turn. {@code origin} is {@code user} for the person, {@code guard}
   * for corrective messages the loop injects (repeated calls, open plan items, empty answers); absent means user.
   */
  record UserMessage(String text, String origin) implements AgentEvent {
    public UserMessage(String text) {
      this(text, "user");
    }

    public String type() { return "user_message"; }
  }

  record AssistantDelta(String text) implements AgentEvent {
    public String type() { return "assistant_delta"; }
  }

  /** A whole model answer; {@code toolCalls} are {id, name, arguments} objects, {@code reasoning} verbatim blocks. */
  record AssistantMessage(
      String text, List<ToolCallView> toolCalls, List<JsonNode> reasoning, String stopReason, UsageView usage)
      implements AgentEvent {
    public String type() { return "assistant_message"; }
  }

  record ToolCallView(String id, String name, String arguments) {}

  record UsageView(long input, long output, long cacheRead, long cacheWrite, double usd) {}

  /** Recorded before the call runs: a call with this event and no {@link ToolResult} was interrupted. */
  record ToolCall(String id, String name, String arguments, String decision) implements AgentEvent {
    public String type() { return "tool_call"; }
  }

  /** Recorded after the call finished; {@code fullOutput} names the workspace file holding untruncated output. */
  record ToolResult(String id, String name, String content, boolean isError, String fullOutput, JsonNode details)
      implements AgentEvent {
    public String type() { return "tool_result"; }
  }

  record ApprovalRequested(String id, String name, String arguments, String reason, Double estimatedUsd)
      implements AgentEvent {
    public String type() { return "approval_requested"; }
  }

  /** {@code outcome} is approved, approved_edited, rejected or refused. */
  record ApprovalResolved(String id, String outcome, String arguments, String feedback) implements AgentEvent {
    public String type() { return "approval_resolved"; }
  }

  record PlanUpdated(List<PlanItem> items) implements AgentEvent {
    public String type() { return "plan_updated"; }
  }

  /** {@code status} is pending, in_progress or completed. */
  record PlanItem(String content, String status) {}

  record JobSubmitted(String jobId, String executor, String nativeId, String command, Map<String, String> labels)
      implements AgentEvent {
    public String type() { return "job_submitted"; }
  }

  record JobStatus(String jobId, String state, Integer exitCode, String message) implements AgentEvent {
    public String type() { return "job_status"; }
  }

  record JobLog(String jobId, List<String> lines) implements AgentEvent {
    public String type() { return "job_log"; }
  }

  /** {@code value} is a number, or the string NaN / Infinity / -Infinity. */
  record Metric(String jobId, String name, JsonNode value, Long step, String split) implements AgentEvent {
    public String type() { return "metric"; }
  }

  /** {@code messages} is the whole conversation after compaction, so resume can start from here. */
  record Compaction(long tokensBefore, long tokensAfter, String summary, JsonNode messages) implements AgentEvent {
    public String type() { return "compaction"; }
  }

  record BudgetWarning(String kind, double used, double limit) implements AgentEvent {
    public String type() { return "budget_warning"; }
  }

  record Error(String kind, String message) implements AgentEvent {
    public String type() { return "error"; }
  }

  /** {@code reason}: done, max_iterations, budget, interrupted, error, context_full. */
  record TurnComplete(String reason, String summary, UsageView usage) implements AgentEvent {
    public String type() { return "turn_complete"; }
  }

  record SessionFinished(String status) implements AgentEvent {
    public String type() { return "session_finished"; }
  }
}
