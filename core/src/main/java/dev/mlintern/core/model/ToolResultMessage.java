package dev.mlintern.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The answer to one tool call. {@code isError} tells the model the call failed and why. {@code
 * details} is the tool's structured output (null when it gave none): providers never send it, but
 * an in-process model such as the autopilot reads it instead of parsing the wording of {@code
 * content}.
 */
public record ToolResultMessage(
    String toolCallId, String toolName, String content, boolean isError, JsonNode details)
    implements Message {
  public ToolResultMessage {
    Objects.requireNonNull(toolCallId, "toolCallId");
    content = content == null ? "" : content;
    // a stored JSON null reads back as a NullNode: one value for "no details"
    details = details == null || details.isNull() || details.isMissingNode() ? null : details;
  }

  public ToolResultMessage(String toolCallId, String toolName, String content, boolean isError) {
    this(toolCallId, toolName, content, isError, null);
  }
}
