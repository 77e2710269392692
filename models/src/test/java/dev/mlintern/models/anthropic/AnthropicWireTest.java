package dev.mlintern.models.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.model.AssistantMessage;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.model.ToolSpec;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.testkit.Shared;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request bodies we write, compared with real requests recorded from Anthropic's own SDK. */
class AnthropicWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final AnthropicChatModel.Options noCaching =
      AnthropicChatModel.Options.defaults("claude-haiku-4-5").withPromptCaching(false);

  @Test
  void writesAToolResultTurnLikeTheRecordedRequest() throws Exception {
    assertMatchesRecording("anthropic_messages_request_tool_result.json");
  }

  @Test
  void writesAnErrorToolResultLikeTheRecordedRequest() throws Exception {
    assertMatchesRecording("anthropic_messages_request_tool_result_is_error.json");
  }

  @Test
  void writesAStreamingRequestLikeTheRecordedOne() throws Exception {
    JsonNode recorded = fixture("anthropic_stream_request.json");
    ObjectNode ours =
        new AnthropicRequests(JSON, "claude-haiku-4-5", noCaching)
            .messagesBody(requestFrom(recorded), true);

    assertThat(ours).isEqualTo(withoutCaller(recorded));
  }

  @Test
  void groupsToolResultsAndFollowingTextIntoOneUserTurnResultsFirst() {
    ChatRequest request =
        new ChatRequest(
            "",
            List.of(
                new UserMessage("go"),
                new AssistantMessage(
                    "",
                    List.of(new ToolCall("t1", "a", "{}"), new ToolCall("t2", "b", "{}")),
                    List.of()),
                new ToolResultMessage("t1", "a", "one", false),
                new UserMessage("You repeated yourself; try something else."),
                new ToolResultMessage("t2", "b", "two", true)),
            List.of(),
            100);

    JsonNode messages =
        new AnthropicRequests(JSON, "m", noCaching).messagesBody(request, false).get("messages");

    assertThat(messages).hasSize(3);
    JsonNode content = messages.get(2).get("content");
    assertThat(messages.get(2).get("role").asText()).isEqualTo("user");
    assertThat(content)
        .extracting(block -> block.get("type").asText())
        .containsExactly("tool_result", "tool_result", "text");
    assertThat(content.get(1).get("is_error").asBoolean()).isTrue();
    assertThat(content.get(0).has("is_error")).isFalse();
  }

  @Test
  void marksSystemPromptLastToolAndLastMessageForCaching() {
    ChatRequest request =
        new ChatRequest(
            "system prompt",
            List.of(new UserMessage("hi")),
            List.of(
                new ToolSpec("a", "first", JSON.createObjectNode().put("type", "object")),
                new ToolSpec("b", "second", JSON.createObjectNode().put("type", "object"))),
            100);

    ObjectNode body =
        new AnthropicRequests(JSON, "m", AnthropicChatModel.Options.defaults("m"))
            .messagesBody(request, false);

    JsonNode ephemeral = JSON.createObjectNode().put("type", "ephemeral");
    assertThat(body.get("system").get(0).get("text").asText()).isEqualTo("system prompt");
    assertThat(body.get("system").get(0).get("cache_control")).isEqualTo(ephemeral);
    assertThat(body.get("tools").get(0).has("cache_control")).isFalse();
    assertThat(body.get("tools").get(1).get("cache_control")).isEqualTo(ephemeral);
    assertThat(body.get("messages").get(0).get("content").get(0).get("cache_control"))
        .isEqualTo(ephemeral);
  }

  @Test
  void sendsReasoningBlocksBackVerbatimBeforeTextAndToolUse() throws Exception {
    JsonNode thinking =
        JSON.readTree("{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"sig==\"}");
    JsonNode redacted = JSON.readTree("{\"type\":\"redacted_thinking\",\"data\":\"opaque==\"}");
    ChatRequest request =
        new ChatRequest(
            "",
            List.of(
                new UserMessage("go"),
                new AssistantMessage(
                    "ok",
                    List.of(new ToolCall("t1", "a", "{\"x\":1}")),
                    List.of(thinking, redacted)),
                new ToolResultMessage("t1", "a", "done", false)),
            List.of(),
            100);

    JsonNode assistant =
        new AnthropicRequests(JSON, "m", noCaching.withThinkingBudget(2048))
            .messagesBody(request, false)
            .get("messages")
            .get(1)
            .get("content");

    assertThat(assistant.get(0)).isEqualTo(thinking);
    assertThat(assistant.get(1)).isEqualTo(redacted);
    assertThat(assistant.get(2).get("type").asText()).isEqualTo("text");
    assertThat(assistant.get(3).get("input")).isEqualTo(JSON.readTree("{\"x\":1}"));
  }

  @Test
  void asksForThinkingWithRoomForTheAnswer() {
    ObjectNode body =
        new AnthropicRequests(JSON, "m", noCaching.withThinkingBudget(4096))
            .messagesBody(
                new ChatRequest("", List.of(new UserMessage("go")), List.of(), 1024), false);

    assertThat(body.get("thinking").get("budget_tokens").asInt()).isEqualTo(4096);
    assertThat(body.get("max_tokens").asInt()).isGreaterThan(4096);
  }

  @Test
  void sendsMalformedToolArgumentsAsAnEmptyObject() {
    ChatRequest request =
        new ChatRequest(
            "",
            List.of(
                new UserMessage("go"),
                new AssistantMessage(
                    "", List.of(new ToolCall("t1", "a", "{\"path\": \"x")), List.of()),
                new ToolResultMessage("t1", "a", "arguments were not valid JSON", true)),
            List.of(),
            100);

    JsonNode toolUse =
        new AnthropicRequests(JSON, "m", noCaching)
            .messagesBody(request, false)
            .get("messages")
            .get(1)
            .get("content")
            .get(0);

    assertThat(toolUse.get("input")).isEqualTo(JSON.createObjectNode());
  }

  @Test
  void countTokensBodyHasNoLimits() {
    ObjectNode body =
        new AnthropicRequests(JSON, "m", noCaching)
            .countTokensBody(new ChatRequest("s", List.of(new UserMessage("go")), List.of(), 1024));

    assertThat(body.has("max_tokens")).isFalse();
    assertThat(body.has("stream")).isFalse();
    assertThat(body.get("model").asText()).isEqualTo("m");
  }

  private void assertMatchesRecording(String name) throws Exception {
    JsonNode recorded = fixture(name);
    ObjectNode ours =
        new AnthropicRequests(JSON, recorded.get("model").asText(), noCaching)
            .messagesBody(requestFrom(recorded), false);
    assertThat(ours).isEqualTo(withoutCaller(recorded));
  }

  /** Rebuilds the core request that should produce a recorded body. */
  private static ChatRequest requestFrom(JsonNode recorded) {
    List<Message> messages = new ArrayList<>();
    for (JsonNode turn : recorded.get("messages")) {
      JsonNode content = turn.get("content");
      if (content.isTextual()) {
        messages.add(new UserMessage(content.asText()));
        continue;
      }
      for (JsonNode block : content) {
        switch (block.get("type").asText()) {
          case "tool_use" ->
              messages.add(
                  new AssistantMessage(
                      "",
                      List.of(
                          new ToolCall(
                              block.get("id").asText(),
                              block.get("name").asText(),
                              block.get("input").toString())),
                      List.of()));
          case "tool_result" ->
              messages.add(
                  new ToolResultMessage(
                      block.get("tool_use_id").asText(),
                      "get_weather",
                      block.get("content").asText(),
                      block.path("is_error").asBoolean(false)));
          default -> throw new IllegalStateException(block.toString());
        }
      }
    }
    List<ToolSpec> tools = new ArrayList<>();
    for (JsonNode tool : recorded.get("tools")) {
      tools.add(
          new ToolSpec(
              tool.get("name").asText(),
              tool.get("description").asText(),
              tool.get("input_schema")));
    }
    return new ChatRequest("", messages, tools, recorded.get("max_tokens").asInt());
  }

  /** We do not echo {@code caller}; the API accepts tool_use blocks either way. */
  private static JsonNode withoutCaller(JsonNode recorded) {
    JsonNode copy = recorded.deepCopy();
    for (JsonNode turn : copy.get("messages")) {
      if (turn.get("content").isArray()) {
        turn.get("content").forEach(block -> ((ObjectNode) block).remove("caller"));
      }
    }
    return copy;
  }

  static JsonNode fixture(String name) throws Exception {
    return JSON.readTree(Files.readString(Shared.fixture(name)));
  }
}
