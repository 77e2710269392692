package dev.mlintern.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * What the model said: text, tool calls, and provider reasoning blocks (Anthropic {@code thinking}
 * / {@code redacted_thinking}) kept verbatim because the provider requires them back unchanged.
 */
public record AssistantMessage(String text, List<ToolCall> toolCalls, List<JsonNode> reasoning)
    implements Message {
  public AssistantMessage {
    text = text == null ? "" : text;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    reasoning = reasoning == null ? List.of() : List.copyOf(reasoning);
  }

  public static AssistantMessage text(String text) {
    return new AssistantMessage(text, List.of(), List.of());
  }
}
