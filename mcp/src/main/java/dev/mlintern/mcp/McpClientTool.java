package dev.mlintern.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;
import java.util.Set;

/**
 * One tool of an MCP server, offered to the model as {@code SERVER__tool}. Arguments go to the
 * server as the model wrote them (the server owns the schema); what comes back is third-party text,
 * enveloped and marked untrusted. Unless the server is configured read-only, a call asks for
 * approval like an unlisted command.
 */
final class McpClientTool implements Tool<JsonNode> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String name;
  private final String server;
  private final McpSchema.Tool remote;
  private final McpSyncClient client;
  private final boolean readOnly;

  McpClientTool(String server, McpSchema.Tool remote, McpSyncClient client, boolean readOnly) {
    this.name = modelName(server, remote.name());
    this.server = server;
    this.remote = remote;
    this.client = client;
    this.readOnly = readOnly;
  }

  /** {@code server__tool} with only {@code [A-Za-z0-9_-]}, at most 64 characters. */
  static String modelName(String server, String tool) {
    String joined = (server + "__" + tool).replaceAll("[^A-Za-z0-9_-]", "_");
    return joined.length() <= 64 ? joined : joined.substring(0, 64);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String description() {
    String own = remote.description() == null ? "" : remote.description().strip();
    return (own.isEmpty() ? remote.name() : own)
        + "\n(Tool '"
        + remote.name()
        + "' of the MCP server '"
        + server
        + "'; its output is third-party text.)";
  }

  @Override
  public Class<JsonNode> inputType() {
    return JsonNode.class;
  }

  @Override
  public ObjectNode inputSchema() {
    ObjectNode schema =
        remote.inputSchema() == null
            ? JSON.createObjectNode()
            : JSON.valueToTree(remote.inputSchema());
    if (!schema.has("type")) {
      schema.put("type", "object");
    }
    return schema;
  }

  @Override
  public Set<Effect> effects(JsonNode input) {
    return readOnly ? Set.of(Effect.READ) : Set.of(Effect.EXECUTE_UNLISTED);
  }

  @Override
  @SuppressWarnings("unchecked")
  public ToolResult call(JsonNode input, ToolContext context) {
    Map<String, Object> arguments =
        input == null || input.isNull() ? Map.of() : JSON.convertValue(input, Map.class);
    McpSchema.CallToolResult result;
    try {
      result = client.callTool(new McpSchema.CallToolRequest(remote.name(), arguments));
    } catch (RuntimeException e) {
      throw new ToolException(
          "the MCP server '" + server + "' failed on " + remote.name() + ": " + e.getMessage(), e);
    }
    String text = McpContent.text(result);
    if (Boolean.TRUE.equals(result.isError())) {
      throw new ToolException(
          "the MCP server '" + server + "' answered with an error: " + text.strip());
    }
    return ToolResult.untrusted(
        "Result of " + remote.name() + " from the MCP server '" + server + "':\n",
        "mcp " + server,
        text,
        null);
  }
}
