package dev.mlintern.core.model;

import java.util.List;

/** One model call: system prompt, conversation, the tools on offer and the output limit. */
public record ChatRequest(
    String system, List<Message> messages, List<ToolSpec> tools, int maxTokens) {
  public ChatRequest {
    system = system == null ? "" : system;
    messages = List.copyOf(messages);
    tools = tools == null ? List.of() : List.copyOf(tools);
    if (maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
    }
  }
}
