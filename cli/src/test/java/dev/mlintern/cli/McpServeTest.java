package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlintern mcp} as a child process, used through the MCP SDK's own client. */
class McpServeTest {
  @TempDir Path home;

  static List<String> mlintern(String... args) {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new java.util.ArrayList<>(List.of("-Xmx512m", "-cp", classpath, Main.class.getName()));
    command.addAll(List.of(args));
    return command;
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Test
  void servesMlinternsToolsUnderTheirOwnNamesAndRunsThem() {
    try (FixtureServer papers =
        new FixtureServer()
            .route("GET", "/api/papers/search", Response.fixture(200, "hf_papers_search.json"))) {
      ServerParameters parameters =
          ServerParameters.builder(java())
              .args(mlintern("mcp", "--workspace", home.toString()))
              .env(
                  Map.of(
                      "HOME", home.toString(),
                      "MLINTERN_HOME", home.resolve("mlhome").toString(),
                      "MLINTERN_PAPERS_URL", papers.baseUrl(),
                      "HF_ENDPOINT", papers.baseUrl()))
              .build();
      StdioClientTransport transport =
          new StdioClientTransport(parameters, new JacksonMcpJsonMapper(new ObjectMapper()));
      try (McpSyncClient client =
          McpClient.sync(transport)
              .initializationTimeout(Duration.ofSeconds(60))
              .requestTimeout(Duration.ofSeconds(60))
              .build()) {
        McpSchema.InitializeResult init = client.initialize();
        List<String> names = client.listTools().tools().stream().map(McpSchema.Tool::name).toList();
        McpSchema.CallToolResult search =
            client.callTool(
                new McpSchema.CallToolRequest(
                    "papers", Map.of("operation", "search", "query", "in-context classifiers")));
        McpSchema.CallToolResult wrong =
            client.callTool(
                new McpSchema.CallToolRequest(
                    "library", Map.of("operation", "search", "query", "x")));

        assertThat(init.serverInfo().name()).isEqualTo("mlintern");
        assertThat(names)
            .containsExactlyInAnyOrderElementsOf(McpCommand.SERVED)
            .contains("papers", "dataset", "jobs", "docs")
            .doesNotContain("shell", "write", "edit");
        assertThat(search.isError()).isNotEqualTo(Boolean.TRUE);
        assertThat(((McpSchema.TextContent) search.content().get(0)).text())
            .contains("Large Multimodal Models as General In-Context Classifiers");
        assertThat(wrong.isError()).isTrue();
        assertThat(((McpSchema.TextContent) wrong.content().get(0)).text())
            .contains("the local paper library is empty");
      }
    }
  }
}
