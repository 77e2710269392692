package dev.mlintern.core.model;

import java.util.Objects;

/** The answer to one tool call. {@code isError} tells the model the call failed and why. */
public record ToolResultMessage(String toolCallId, String toolName, String content, boolean isError)
    implements Message {
  public ToolResultMessage {
    Objects.requireNonNull(toolCallId, "toolCallId");
    content = content == null ? "" : content;
  }
}
