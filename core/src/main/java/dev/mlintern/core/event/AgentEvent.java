package dev.mlintern.core.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Everything that happens in a session, as data. The store appends each one with a per-session
 * sequence number ({@link Event}); UIs render them; the conversation is rebuilt from them on
 * resume. The JSON type names are a fixed contract: fields may be added, never renamed.
 */
public sealed interface AgentEvent {
  /** The JSON {@code type}. */
  String type();

  /**
   * The first event of a session. {@code parent} (written only when set) is the session that
   * started this one as a sub-agent, e.g. through the {@code research} tool.
   */
  record SessionStarted(
      String goal,
      String model,
      String workspace,
      @JsonInclude(JsonInclude.Include.NON_NULL) String parent)
      implements AgentEvent {
    public SessionStarted(String goal, String model, String workspace) {
      this(goal, model, workspace, null);
    }

    public String type() {
      return "session_started";
    }
  }

  /**
   * Text entering the conversation as a user turn. {@code origin} is {@code user} for the person,
   * {@code guard} for corrective messages the loop injects (repeated calls, open plan items, empty
   * answers); absent means user.
   */
  record UserMessage(String text, String origin) implements AgentEvent {
    public UserMessage(String text) {
      this(text, "user");
    }

    public String type() {
      return "user_message";
    }
  }

  /**
   * Streamed assistant text. {@code reset} (written only when true) says the text streamed so far
   * for the current answer is void — the model call failed mid-stream and its retry streams a
   * different answer — and {@code text} starts the replacement; a UI clears its streaming preview,
   * a terminal ends the line and marks the restart.
   */
  record AssistantDelta(String text, @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean reset)
      implements AgentEvent {
    public AssistantDelta(String text) {
      this(text, false);
    }

    public String type() {
      return "assistant_delta";
    }
  }

  /**
   * A whole model answer; {@code toolCalls} are {id, name, arguments} objects, {@code reasoning}
   * verbatim blocks.
   */
  record AssistantMessage(
      String text,
      List<ToolCallView> toolCalls,
      List<JsonNode> reasoning,
      String stopReason,
      UsageView usage)
      implements AgentEvent {
    public String type() {
      return "assistant_message";
    }
  }

  record ToolCallView(String id, String name, String arguments) {}

  record UsageView(long input, long output, long cacheRead, long cacheWrite, double usd) {}

  /**
   * Recorded before the call runs: a call with this event and no {@link ToolResult} was
   * interrupted. {@code estimatedUsd} (written only when the tool gave one) is what the session's
   * USD budget was charged when the call was cleared; a later {@link Spend} for the same call
   * replaces it with the actual cost.
   */
  record ToolCall(
      String id,
      String name,
      String arguments,
      String decision,
      @JsonInclude(JsonInclude.Include.NON_NULL) Double estimatedUsd)
      implements AgentEvent {
    public ToolCall(String id, String name, String arguments, String decision) {
      this(id, name, arguments, decision, null);
    }

    public String type() {
      return "tool_call";
    }
  }

  /**
   * Recorded after the call finished; {@code fullOutput} names the workspace file holding
   * untruncated output. {@code untrusted} (written only when true) marks third-party text, so a
   * resumed session still asks before effectful calls in the same turn.
   */
  record ToolResult(
      String id,
      String name,
      String content,
      boolean isError,
      String fullOutput,
      JsonNode details,
      @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean untrusted)
      implements AgentEvent {
    public ToolResult(
        String id,
        String name,
        String content,
        boolean isError,
        String fullOutput,
        JsonNode details) {
      this(id, name, content, isError, fullOutput, details, false);
    }

    public String type() {
      return "tool_result";
    }
  }

  /**
   * Money a tool call actually spent, reported after the fact (e.g. by compute when a paid job
   * ends) through {@link dev.mlintern.core.tool.ToolContext#reportSpend}. {@code usd} is the call's
   * actual cost so far (cumulative: a later report for the same call replaces an earlier one);
   * {@code complete} says it is final. Until it is final the budget keeps at least the estimate
   * charged at approval; once final, exactly {@code usd}. {@code charged} is the change this report
   * made to the session's USD total (filled in by the session; the store adds it to the session's
   * cost).
   */
  record Spend(String callId, double usd, double charged, String note, boolean complete)
      implements AgentEvent {
    public String type() {
      return "spend";
    }
  }

  record ApprovalRequested(
      String id, String name, String arguments, String reason, Double estimatedUsd)
      implements AgentEvent {
    public String type() {
      return "approval_requested";
    }
  }

  /** {@code outcome} is approved, approved_edited, rejected or refused. */
  record ApprovalResolved(String id, String outcome, String arguments, String feedback)
      implements AgentEvent {
    public String type() {
      return "approval_resolved";
    }
  }

  record PlanUpdated(List<PlanItem> items) implements AgentEvent {
    public String type() {
      return "plan_updated";
    }
  }

  /** {@code status} is pending, in_progress or completed. */
  record PlanItem(String content, String status) {}

  record JobSubmitted(
      String jobId, String executor, String nativeId, String command, Map<String, String> labels)
      implements AgentEvent {
    public String type() {
      return "job_submitted";
    }
  }

  record JobStatus(String jobId, String state, Integer exitCode, String message)
      implements AgentEvent {
    public String type() {
      return "job_status";
    }
  }

  record JobLog(String jobId, List<String> lines) implements AgentEvent {
    public String type() {
      return "job_log";
    }
  }

  /** {@code value} is a number, or the string NaN / Infinity / -Infinity. */
  record Metric(String jobId, String name, JsonNode value, Long step, String split)
      implements AgentEvent {
    public String type() {
      return "metric";
    }
  }

  /**
   * {@code messages} is the whole conversation after compaction, so resume can start from here;
   * {@code usage} (written when known) is what the summarization calls cost, counted in the
   * session's usage and budget.
   */
  record Compaction(
      long tokensBefore,
      long tokensAfter,
      String summary,
      JsonNode messages,
      @JsonInclude(JsonInclude.Include.NON_NULL) UsageView usage)
      implements AgentEvent {
    public Compaction(long tokensBefore, long tokensAfter, String summary, JsonNode messages) {
      this(tokensBefore, tokensAfter, summary, messages, null);
    }

    public String type() {
      return "compaction";
    }
  }

  record BudgetWarning(String kind, double used, double limit) implements AgentEvent {
    public String type() {
      return "budget_warning";
    }
  }

  record Error(String kind, String message) implements AgentEvent {
    public String type() {
      return "error";
    }
  }

  /** {@code reason}: done, max_iterations, budget, interrupted, error, context_full. */
  record TurnComplete(String reason, String summary, UsageView usage) implements AgentEvent {
    public String type() {
      return "turn_complete";
    }
  }

  /** A person switched the session's model ({@code /model SPEC}); later calls go to {@code to}. */
  record ModelChanged(String from, String to) implements AgentEvent {
    public String type() {
      return "model_changed";
    }
  }

  /**
   * {@code status}: finished, or failed when the session's goal was not reached (nothing trained);
   * {@code report}: the path of the run's report, when one was written.
   */
  record SessionFinished(String status, @JsonInclude(JsonInclude.Include.NON_NULL) String report)
      implements AgentEvent {
    public String type() {
      return "session_finished";
    }
  }
}
