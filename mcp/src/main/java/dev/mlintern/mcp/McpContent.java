package dev.mlintern.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;

/**
 * The text of an MCP tool result: text parts as they are, other parts named, structured JSON last.
 */
final class McpContent {
  private static final ObjectMapper JSON = new ObjectMapper();

  private McpContent() {}

  static String text(McpSchema.CallToolResult result) {
    StringBuilder out = new StringBuilder();
    if (result.content() != null) {
      for (McpSchema.Content part : result.content()) {
        if (!out.isEmpty()) {
          out.append('\n');
        }
        if (part instanceof McpSchema.TextContent t) {
          out.append(t.text());
        } else if (part instanceof McpSchema.EmbeddedResource r
            && r.resource() instanceof McpSchema.TextResourceContents t) {
          out.append(t.text());
        } else {
          out.append("[").append(part.type()).append(" content omitted]");
        }
      }
    }
    if (out.isEmpty() && result.structuredContent() != null) {
      out.append(JSON.valueToTree(result.structuredContent()).toString());
    }
    return out.toString();
  }
}
