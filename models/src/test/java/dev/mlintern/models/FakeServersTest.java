package dev.mlintern.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.testkit.FakeAnthropicServer;
import dev.mlintern.testkit.FakeOpenAiServer;
import dev.mlintern.testkit.FakeReply;
import dev.mlintern.testkit.FixtureServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fake provider servers as the CLI end-to-end tests use them: a multi-turn script with parallel
 * tool calls, answers computed from the tool results they receive, a required key, and a clear
 * error when the script ends.
 */
class FakeServersTest {
  private static ChatModel anthropic(FakeAnthropicServer server, String key) {
    return ModelFactory.fromSettings(
            new Settings(
                Path.of("/tmp/mlintern-test"),
                Map.of("ANTHROPIC_BASE_URL", server.baseUrl()),
                Secrets.of(Map.of("ANTHROPIC_API_KEY", key))))
        .create("anthropic:claude-sonnet-4-5");
  }

  @Test
  void playsAMultiTurnSessionWithParallelToolCalls() {
    try (FakeAnthropicServer server = new FakeAnthropicServer()) {
      server.reply(
          FakeReply.toolCalls(
                  FakeReply.call("read", "{\"path\":\"a.txt\"}"),
                  FakeReply.call("read", "{\"path\":\"b.txt\"}"))
              .withText("Reading both."));
      server.replyWith(
          call ->
              FakeReply.text(
                  "Saw "
                      + call.request().messages().stream()
                          .filter(ToolResultMessage.class::isInstance)
                          .map(m -> ((ToolResultMessage) m).content())
                          .toList()));
      ChatModel model = anthropic(server, "sk-ant-e2e-000000");
      List<dev.mlintern.core.model.Message> conversation =
          new ArrayList<>(List.of(new UserMessage("compare a and b")));

      var first = model.stream(new ChatRequest("sys", conversation, null, 512), delta -> {});
      conversation.add(first.asMessage());
      conversation.add(
          new ToolResultMessage(first.toolCalls().get(0).id(), "read", "alpha", false));
      conversation.add(new ToolResultMessage(first.toolCalls().get(1).id(), "read", "beta", false));
      var second = model.generate(new ChatRequest("sys", conversation, null, 512));

      assertThat(first.toolCalls()).hasSize(2);
      assertThat(second.text()).isEqualTo("Saw [alpha, beta]");
      assertThat(server.calls()).hasSize(2);
      assertThat(server.pending()).isZero();
      assertThat(server.calls().get(1).body().at("/messages/2/content")).hasSize(2);
    }
  }

  @Test
  void saysSoWhenTheScriptRunsOutAndNobodyRetriesThat() {
    try (FakeOpenAiServer server = new FakeOpenAiServer()) {
      ChatModel model =
          ModelFactory.fromSettings(
                  new Settings(
                      Path.of("/tmp/mlintern-test"),
                      Map.of("OLLAMA_HOST", server.baseUrl()),
                      Secrets.none()))
              .create("ollama:llama3.1:8b");

      assertThatThrownBy(
              () -> model.generate(new ChatRequest("", List.of(new UserMessage("hi")), null, 64)))
          .isInstanceOfSatisfying(
              ModelException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ModelException.Kind.BAD_REQUEST);
                assertThat(e.getMessage()).contains("no scripted reply left for model call #1");
              });
    }
  }

  @Test
  void refusesAWrongKeyWhenOneIsRequired() {
    try (FakeAnthropicServer server = new FakeAnthropicServer()) {
      server.requireKey("sk-ant-right-000000").reply(FakeReply.text("hello"));

      assertThatThrownBy(
              () ->
                  anthropic(server, "sk-ant-wrong-000000")
                      .generate(new ChatRequest("", List.of(new UserMessage("hi")), null, 64)))
          .isInstanceOfSatisfying(
              ModelException.class,
              e -> assertThat(e.kind()).isEqualTo(ModelException.Kind.UNAUTHORIZED));
      assertThat(
              anthropic(server, "sk-ant-right-000000")
                  .generate(new ChatRequest("", List.of(new UserMessage("hi")), null, 64))
                  .text())
          .isEqualTo("hello");
    }
  }

  @Test
  void replaysASharedFixtureAheadOfTheScript() {
    try (FakeAnthropicServer server = new FakeAnthropicServer()) {
      server
          .fixtures()
          .enqueue(FixtureServer.Response.fixture(200, "anthropic_messages_cache_usage.json"));
      server.reply(FakeReply.text("scripted"));
      ChatModel model = anthropic(server, "sk-ant-e2e-000000");
      ChatRequest ask = new ChatRequest("", List.of(new UserMessage("hi")), null, 64);

      assertThat(model.generate(ask).usage().cacheReadTokens()).isEqualTo(18_944);
      assertThat(model.generate(ask).text()).isEqualTo("scripted");
    }
  }

  @Test
  void playsAJsonlScriptIncludingACallCutByMaxTokens(@TempDir Path dir) throws Exception {
    Path script = dir.resolve("script.jsonl");
    Files.writeString(
        script,
        """
        {"text": "Writing it.", "tool_calls": [{"name": "write", "arguments": "{\\"path\\": \\"a.py\\", \\"content\\": \\"imp"}], "stop_reason": "max_tokens"}

        {"text": "done", "usage": {"input": 30, "output": 2}}
        """);
    try (FakeAnthropicServer claude = new FakeAnthropicServer();
        FakeOpenAiServer local = new FakeOpenAiServer()) {
      claude.replyAll(script);
      local.replyAll(script);
      ChatModel viaClaude = anthropic(claude, "sk-ant-e2e-000000");
      ChatModel viaLocal =
          ModelFactory.fromSettings(
                  new Settings(dir, Map.of("OLLAMA_HOST", local.baseUrl()), Secrets.none()))
              .create("ollama:qwen2.5:7b");
      ChatRequest ask = new ChatRequest("", List.of(new UserMessage("write a.py")), null, 64);

      for (ChatModel model : List.of(viaClaude, viaLocal)) {
        var cut = model.stream(ask, delta -> {});
        assertThat(cut.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
        assertThat(cut.toolCalls())
            .singleElement()
            .satisfies(
                call ->
                    assertThat(call.arguments())
                        .isEqualTo("{\"path\": \"a.py\", \"content\": \"imp"));
        var done = model.generate(ask);
        assertThat(done.text()).isEqualTo("done");
        assertThat(done.usage().outputTokens()).isEqualTo(2);
      }
    }
  }
}
