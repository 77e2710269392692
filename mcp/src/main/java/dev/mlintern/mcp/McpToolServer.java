package dev.mlintern.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolInputs;
import dev.mlintern.core.tool.ToolResult;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * mlintern's own tools served over MCP on stdio, under the names the agent uses, so another agent
 * or an editor can search papers, audit datasets or run jobs through mlintern. Each call runs
 * outside any session, in {@code workspace}; a {@link ToolException} becomes an error result the
 * calling model can read.
 */
public final class McpToolServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private McpToolServer() {}

  /** Serves {@code tools} on {@code in}/{@code out} until {@code in} ends. */
  public static void serve(
      List<Tool<?>> tools, ToolContext context, String version, InputStream in, OutputStream out)
      throws InterruptedException {
    CountDownLatch ended = new CountDownLatch(1);
    InputStream watched =
        new FilterInputStream(in) {
          @Override
          public int read() throws IOException {
            return ended(super.read());
          }

          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return ended(super.read(b, off, len));
          }

          private int ended(int n) {
            if (n < 0) {
              ended.countDown();
            }
            return n;
          }
        };
    JacksonMcpJsonMapper json = new JacksonMcpJsonMapper(JSON);
    McpSyncServer server =
        McpServer.sync(new StdioServerTransportProvider(json, watched, out))
            .serverInfo("mlintern", version)
            .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
            .tools(tools.stream().map(t -> specification(t, context)).toList())
            .build();
    try {
      ended.await();
    } finally {
      server.closeGracefully();
    }
  }

  @SuppressWarnings("unchecked")
  private static McpServerFeatures.SyncToolSpecification specification(
      Tool<?> tool, ToolContext context) {
    Tool<Object> typed = (Tool<Object>) tool;
    McpSchema.Tool described =
        McpSchema.Tool.builder()
            .name(tool.name())
            .description(tool.description())
            .inputSchema(JSON.convertValue(tool.inputSchema(), Map.class))
            .build();
    return McpServerFeatures.SyncToolSpecification.builder()
        .tool(described)
        .callHandler((exchange, request) -> call(typed, request.arguments(), context))
        .build();
  }

  private static McpSchema.CallToolResult call(
      Tool<Object> tool, Map<String, Object> arguments, ToolContext context) {
    try {
      JsonNode node = JSON.valueToTree(arguments == null ? Map.of() : arguments);
      Object input = ToolInputs.decode(tool.name(), tool.inputType(), node);
      ToolResult result = tool.call(input, context);
      return McpSchema.CallToolResult.builder().addTextContent(result.content()).build();
    } catch (ToolException e) {
      return McpSchema.CallToolResult.builder()
          .addTextContent(e.getMessage())
          .isError(true)
          .build();
    }
  }
}
