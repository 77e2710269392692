package dev.mlintern.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.Map;

/**
 * A small stdio MCP server written with the SDK alone, for tests that configure it in config.toml:
 * one tool, {@code shout}, that upper-cases {@code text}. It runs until its stdin closes.
 */
public final class EchoMcpServer {
  private EchoMcpServer() {}

  public static void main(String[] args) throws InterruptedException {
    JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(new ObjectMapper());
    McpSchema.Tool shout =
        McpSchema.Tool.builder()
            .name("shout")
            .description("Upper-cases the text.")
            .inputSchema(
                Map.of(
                    "type", "object",
                    "properties", Map.of("text", Map.of("type", "string")),
                    "required", java.util.List.of("text")))
            .build();
    McpSyncServer server =
        McpServer.sync(new StdioServerTransportProvider(json))
            .serverInfo("echo", "1.0")
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            .toolCall(
                shout,
                (exchange, request) ->
                    McpSchema.CallToolResult.builder()
                        .addTextContent(
                            String.valueOf(request.arguments().get("text")).toUpperCase() + "!")
                        .build())
            .build();
    Thread.currentThread().join(); // the transport ends the process when stdin closes
  }
}
