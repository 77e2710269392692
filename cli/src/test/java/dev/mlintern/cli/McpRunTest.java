package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.testkit.FakeAnthropicServer;
import dev.mlintern.testkit.FakeReply;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An MCP server from config.toml, started by a real {@code mlintern run}: the model sees its tool
 * as {@code echo__shout}, calling it asks for approval (given by --yes), and the answer reaches the
 * model inside the untrusted envelope.
 */
class McpRunTest {
  @TempDir Path home;

  private void configure(boolean readOnly) throws IOException {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(
        home.resolve("config.toml"),
        "[mcp.servers.echo]\n"
            + "command = [\""
            + java
            + "\", \"-cp\", \""
            + classpath
            + "\", \""
            + EchoMcpServer.class.getName()
            + "\"]\n"
            + "read_only = "
            + readOnly
            + "\n");
  }

  private String run(FakeAnthropicServer server, StringWriter err, String... args) {
    StringWriter out = new StringWriter();
    Main.run(
        args,
        Map.of(
            "MLINTERN_HOME", home.toString(),
            "HOME", home.toString(),
            "ANTHROPIC_API_KEY", "sk-ant-test-key-000000",
            "ANTHROPIC_BASE_URL", server.baseUrl()),
        new PrintWriter(out, true),
        new PrintWriter(err, true));
    return out.toString();
  }

  @Test
  void theModelCallsTheServersToolThroughARealRun() throws IOException {
    configure(false);
    try (FakeAnthropicServer server = new FakeAnthropicServer()) {
      server.reply(
          FakeReply.toolCalls(FakeReply.call("echo__shout", "{\"text\": \"hello\"}")),
          FakeReply.text("The server shouted back."));
      StringWriter err = new StringWriter();

      String out = run(server, err, "run", "--yes", "shout hello through the echo server");

      assertThat(server.calls().get(0).request().tools())
          .anySatisfy(t -> assertThat(t.name()).isEqualTo("echo__shout"));
      String answer = server.calls().get(1).body().toString();
      assertThat(answer).contains("HELLO!").contains("<untrusted source=\\\"mcp echo\\\">");
      assertThat(err.toString()).contains("→ echo__shout").contains("auto-approved");
      assertThat(out.strip()).isEqualTo("The server shouted back.");
    }
  }

  @Test
  void withoutApprovalTheCallDoesNotRunUnlessTheServerIsReadOnly() throws IOException {
    configure(false);
    try (FakeAnthropicServer server = new FakeAnthropicServer()) {
      server.reply(
          FakeReply.toolCalls(FakeReply.call("echo__shout", "{\"text\": \"hello\"}")),
          FakeReply.text("Not allowed."));
      run(server, new StringWriter(), "run", "shout hello");
      assertThat(server.calls().get(1).body().toString()).doesNotContain("HELLO!");
    }
    configure(true);
    try (FakeAnthropicServer server = new FakeAnthropicServer()) {
      server.reply(
          FakeReply.toolCalls(FakeReply.call("echo__shout", "{\"text\": \"hello\"}")),
          FakeReply.text("Read-only, so it ran."));
      run(server, new StringWriter(), "run", "shout hello");
      assertThat(server.calls().get(1).body().toString()).contains("HELLO!");
    }
  }
}
