package dev.mlintern.core.tool;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a tool hands back: {@code content} for the model, sized for its context, and optional structured
 * {@code details} for UIs, reports and the autopilot (never sent to the model).
 */
public record ToolResult(String content, JsonNode details) {
  public ToolResult {
    content = content == null ? "" : content;
  }

  public static ToolResult of(String content) {
    return new ToolResult(content, null);
  }

  public static ToolResult of(String content, JsonNode details) {
    return new ToolResult(content, details);
  }
}
