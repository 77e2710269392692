package dev.mlintern.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * A model's answer: text, tool calls, why it stopped, what it cost in tokens, and reasoning blocks.
 */
public record ChatResponse(
    String text,
    List<ToolCall> toolCalls,
    StopReason stopReason,
    Usage usage,
    List<JsonNode> reasoning) {
  public ChatResponse {
    text = text == null ? "" : text;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    stopReason = stopReason == null ? StopReason.OTHER : stopReason;
    usage = usage == null ? Usage.ZERO : usage;
    reasoning = reasoning == null ? List.of() : List.copyOf(reasoning);
  }

  public static ChatResponse text(String text) {
    return new ChatResponse(text, List.of(), StopReason.END_TURN, Usage.ZERO, List.of());
  }

  public static ChatResponse toolCalls(List<ToolCall> calls) {
    return new ChatResponse("", calls, StopReason.TOOL_USE, Usage.ZERO, List.of());
  }

  public AssistantMessage asMessage() {
    return new AssistantMessage(text, toolCalls, reasoning);
  }
}
