package dev.mlintern.core.tool;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a tool hands back: {@code content} for the model, sized for its context, and optional
 * structured {@code details} for UIs, reports and the autopilot (never sent to the model). {@code
 * untrusted} marks content written by third parties (paper text, web pages, dataset cards): while
 * such content is part of the current turn, the policy asks before spending, publishing or running
 * unlisted commands even in auto-approve mode.
 */
public record ToolResult(String content, JsonNode details, boolean untrusted) {
  public ToolResult {
    content = content == null ? "" : content;
  }

  public ToolResult(String content, JsonNode details) {
    this(content, details, false);
  }

  public static ToolResult of(String content) {
    return new ToolResult(content, null, false);
  }

  public static ToolResult of(String content, JsonNode details) {
    return new ToolResult(content, details, false);
  }

  /**
   * Third-party text for the model: wrapped in the {@link UntrustedText} envelope naming {@code
   * source}, and marked untrusted.
   */
  public static ToolResult untrusted(String source, String content) {
    return untrusted("", source, content, null);
  }

  /**
   * Third-party text after a line of ours: {@code head} (what this is, where it came from, what to
   * do next) as written, then {@code body} inside the {@link UntrustedText} envelope naming {@code
   * source}; marked untrusted. The one way a tool builds such a result; the runner wraps an
   * untrusted result that lacks the envelope with the tool's name as the source.
   */
  public static ToolResult untrusted(String head, String source, String body, JsonNode details) {
    return new ToolResult(head + UntrustedText.wrap(source, body), details, true);
  }

  /** The same result, marked as carrying third-party text that may contain instructions. */
  public ToolResult asUntrusted() {
    return new ToolResult(content, details, true);
  }
}
