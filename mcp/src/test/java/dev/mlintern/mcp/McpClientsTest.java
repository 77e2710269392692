package dev.mlintern.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.core.tool.UntrustedText;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client side against a real stdio MCP server in a child JVM ({@link ShoutServer}). */
class McpClientsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path workspace;

  static List<String> shoutCommand() {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp",
        classpath,
        ShoutServer.class.getName());
  }

  static McpServerSpec shout(Optional<List<String>> tools, boolean readOnly) {
    return new McpServerSpec(
        "loud.server",
        shoutCommand(),
        Optional.empty(),
        Map.of("SHOUT_SECRET", "s3"),
        tools,
        readOnly);
  }

  @SuppressWarnings("unchecked")
  static Tool<JsonNode> tool(McpClients clients, String name) {
    return (Tool<JsonNode>)
        clients.tools().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void theServersToolsAppearUnderSafeNamesAndAnswerUntrusted() throws Exception {
    try (McpClients clients = McpClients.open(List.of(shout(Optional.empty(), false)))) {
      assertThat(clients.problems()).isEmpty();
      assertThat(clients.tools())
          .extracting(Tool::name)
          .containsExactlyInAnyOrder(
              "loud_server__shout", "loud_server__whisper", "loud_server__env_value");
      Tool<JsonNode> shout = tool(clients, "loud_server__shout");
      assertThat(shout.inputSchema().path("properties").path("text").path("type").asText())
          .isEqualTo("string");
      assertThat(shout.description()).contains("MCP server 'loud.server'");
      assertThat(shout.effects(null)).containsExactly(Effect.EXECUTE_UNLISTED);

      ToolResult result =
          shout.call(JSON.readTree("{\"text\": \"hello\"}"), ToolContext.standalone(workspace));

      assertThat(result.untrusted()).isTrue();
      assertThat(result.content())
          .contains(UntrustedText.WARNING)
          .contains("<untrusted source=\"mcp loud.server\">\nHELLO!\n</untrusted>");
    }
  }

  @Test
  void theServersErrorsGoBackToTheModelAsToolErrors() throws Exception {
    try (McpClients clients = McpClients.open(List.of(shout(Optional.empty(), false)))) {
      Tool<JsonNode> shout = tool(clients, "loud_server__shout");

      assertThatThrownBy(
              () ->
                  shout.call(JSON.readTree("{\"text\": \"\"}"), ToolContext.standalone(workspace)))
          .isInstanceOf(ToolException.class)
          .hasMessageContaining("answered with an error: nothing to shout; pass some text");
    }
  }

  @Test
  void theAllowListAndReadOnlyAndEnvAreHonoured() throws Exception {
    try (McpClients clients =
        McpClients.open(List.of(shout(Optional.of(List.of("whisper", "env_value")), true)))) {
      assertThat(clients.tools())
          .extracting(Tool::name)
          .containsExactlyInAnyOrder("loud_server__whisper", "loud_server__env_value");
      Tool<JsonNode> env = tool(clients, "loud_server__env_value");
      assertThat(env.effects(null)).containsExactly(Effect.READ);

      ToolResult result =
          env.call(
              JSON.readTree("{\"text\": \"SHOUT_SECRET\"}"), ToolContext.standalone(workspace));

      assertThat(result.content()).contains("\ns3\n");
    }
  }

  @Test
  void aServerThatCannotStartIsLeftOutWithOneLine() {
    McpServerSpec broken =
        new McpServerSpec(
            "gone",
            List.of("/nonexistent/mcp-server"),
            Optional.empty(),
            Map.of(),
            Optional.empty(),
            false);

    try (McpClients clients = McpClients.open(List.of(broken))) {
      assertThat(clients.tools()).isEmpty();
      assertThat(clients.problems()).hasSize(1);
      assertThat(clients.problems().get(0))
          .startsWith("MCP server 'gone' could not be started: ")
          .doesNotContain("\n");
    }
  }

  @Test
  void serversAreReadFromConfigTables() {
    Settings settings =
        Settings.of(
            workspace,
            Map.of(
                "mcp.servers.fs.command",
                    "[\"npx\",\"-y\",\"@modelcontextprotocol/server-filesystem\"]",
                "mcp.servers.fs.env.ROOT", "/data",
                "mcp.servers.fs.tools", "[\"read_file\"]",
                "mcp.servers.fs.read_only", "true",
                "mcp.servers.remote.url", "http://127.0.0.1:9/mcp"));

    List<McpServerSpec> specs = McpServerSpec.fromSettings(settings);

    assertThat(specs)
        .containsExactly(
            new McpServerSpec(
                "fs",
                List.of("npx", "-y", "@modelcontextprotocol/server-filesystem"),
                Optional.empty(),
                Map.of("ROOT", "/data"),
                Optional.of(List.of("read_file")),
                true),
            new McpServerSpec(
                "remote",
                List.of(),
                Optional.of("http://127.0.0.1:9/mcp"),
                Map.of(),
                Optional.empty(),
                false));
  }

  @Test
  void aTableWithNeitherCommandNorUrlIsRefused() {
    Settings settings = Settings.of(workspace, Map.of("mcp.servers.odd.read_only", "true"));

    assertThatThrownBy(() -> McpServerSpec.fromSettings(settings))
        .hasMessage(
            "config.toml [mcp.servers.odd] needs either command = [\"program\", \"arg\", …] or url"
                + " = \"http://…\"");
  }

  @Test
  void longOrOddNamesAreMadeSafe() {
    assertThat(McpClientTool.modelName("my server", "do.it/now")).isEqualTo("my_server__do_it_now");
    assertThat(McpClientTool.modelName("s", "x".repeat(100))).hasSize(64);
  }
}
