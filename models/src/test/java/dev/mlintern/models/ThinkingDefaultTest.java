package dev.mlintern.models;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.Standins;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Claude models that can think do so by default, with a budget that settings can change or turn
 * off; the thinking stream comes back as reasoning blocks to send back unchanged.
 */
class ThinkingDefaultTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ChatRequest ASK =
      new ChatRequest("", List.of(new UserMessage("plan a baseline")), null, 4096);
  private final FixtureServer server =
      new FixtureServer()
          .route("POST", "/v1/messages", Standins.response(200, "anthropic_stream_thinking.sse"));

  @AfterEach
  void stop() {
    server.close();
  }

  private ChatModel model(String spec, Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(Map.of("ANTHROPIC_BASE_URL", server.baseUrl()));
    values.putAll(extra);
    return ModelFactory.fromSettings(
            new Settings(
                Path.of("/tmp/mlintern-test"),
                values,
                Secrets.of(Map.of("ANTHROPIC_API_KEY", "sk-ant-thinking-000000"))))
        .create(ModelSpec.parse(spec));
  }

  private JsonNode sent() throws Exception {
    return JSON.readTree(server.lastRequest().body());
  }

  @Test
  void claudeThinksByDefaultAndTheStreamedThinkingIsKept() throws Exception {
    ChatResponse response = model("anthropic:claude-sonnet-4-5", Map.of()).stream(ASK, d -> {});

    JsonNode body = sent();
    assertThat(body.path("thinking").path("type").asText()).isEqualTo("enabled");
    assertThat(body.path("thinking").path("budget_tokens").asInt())
        .isEqualTo(ModelFactory.DEFAULT_THINKING_BUDGET);
    assertThat(body.path("max_tokens").asInt()).isGreaterThan(ModelFactory.DEFAULT_THINKING_BUDGET);
    assertThat(response.text()).isEqualTo("Starting with a baseline.");
    assertThat(response.reasoning())
        .extracting(r -> r.path("type").asText())
        .containsExactly("thinking", "redacted_thinking");
  }

  @Test
  void theBudgetIsConfigurableAndZeroTurnsThinkingOff() throws Exception {
    model("anthropic:claude-opus-4-1", Map.of("MLINTERN_THINKING_BUDGET", "2048")).stream(
        ASK, d -> {});
    assertThat(sent().path("thinking").path("budget_tokens").asInt()).isEqualTo(2048);

    model("anthropic:claude-sonnet-4-5", Map.of("MLINTERN_THINKING_BUDGET", "0")).stream(
        ASK, d -> {});
    assertThat(sent().has("thinking")).isFalse();
  }

  @Test
  void claudeModelsWithoutExtendedThinkingDoNotAskForIt() throws Exception {
    model("anthropic:claude-3-5-haiku-latest", Map.of()).stream(ASK, d -> {});

    assertThat(sent().has("thinking")).isFalse();
  }
}
