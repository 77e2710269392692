package dev.mlintern.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.model.AssistantMessage;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.model.ToolSpec;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.model.UserMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every {@link ChatModel} adapter must do, checked against a fake provider speaking the real
 * wire format: a text answer, one tool call, parallel tool calls, a tool-result round trip checked
 * on the wire, streaming (deltas arrive and add up to the same response a plain call gives), every
 * failure mapped to the right {@link ModelException.Kind} in both modes, and the key kept to the
 * headers. Subclass it with the fake server and a way to build the adapter against a base URL.
 */
public abstract class ChatModelContract {
  /** A canary key: it must reach the auth header and nothing else. */
  protected static final String KEY = "sk-canary-contract-7f3a9c2e1b5d4f60";

  private static final ObjectMapper JSON = new ObjectMapper();

  protected FakeModelServer server;
  protected ChatModel model;

  protected abstract FakeModelServer newServer();

  protected abstract ChatModel newModel(String baseUrl, String apiKey);

  @BeforeEach
  void startServer() {
    server = newServer();
    model = newModel(server.baseUrl(), KEY);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  protected static ToolSpec weatherTool() {
    return new ToolSpec(
        "get_weather",
        "Look up the weather for a city.",
        json(
            "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
                + "\"units\":{\"type\":\"string\",\"enum\":[\"c\",\"f\"]}},\"required\":[\"city\"]}"));
  }

  protected static ToolSpec stockTool() {
    return new ToolSpec(
        "get_stock_price",
        "Look up a share price.",
        json(
            "{\"type\":\"object\",\"properties\":{\"ticker\":{\"type\":\"string\"}},\"required\":[\"ticker\"]}"));
  }

  protected static ChatRequest ask(String question) {
    return new ChatRequest(
        "You are a careful assistant.",
        List.of(new UserMessage(question)),
        List.of(weatherTool(), stockTool()),
        1024);
  }

  @Test
  void answersWithText() {
    server.reply(FakeReply.text("It is sunny in Paris.").withUsage(new Usage(120, 9, 0, 0)));

    ChatResponse response = model.generate(ask("Weather in Paris?"));

    assertThat(response.text()).isEqualTo("It is sunny in Paris.");
    assertThat(response.toolCalls()).isEmpty();
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage()).isEqualTo(new Usage(120, 9, 0, 0));
    ReceivedCall call = server.lastCall();
    assertThat(call.apiKey()).isEqualTo(KEY);
    assertThat(call.stream()).isFalse();
    assertThat(call.request().system()).isEqualTo("You are a careful assistant.");
    assertThat(call.request().messages()).containsExactly(new UserMessage("Weather in Paris?"));
    assertThat(call.request().tools())
        .extracting(ToolSpec::name)
        .containsExactly("get_weather", "get_stock_price");
    assertThat(call.request().tools().get(0).inputSchema()).isEqualTo(weatherTool().inputSchema());
  }

  @Test
  void returnsOneToolCall() {
    server.reply(
        FakeReply.toolCalls(FakeReply.call("get_weather", "{\"city\":\"Paris\",\"units\":\"c\"}"))
            .withText("Let me check."));

    ChatResponse response = model.generate(ask("Weather in Paris?"));

    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(response.text()).isEqualTo("Let me check.");
    assertThat(response.toolCalls()).hasSize(1);
    ToolCall call = response.toolCalls().get(0);
    assertThat(call.id()).isNotBlank();
    assertThat(call.name()).isEqualTo("get_weather");
    assertThat(json(call.arguments())).isEqualTo(json("{\"city\":\"Paris\",\"units\":\"c\"}"));
  }

  @Test
  void returnsParallelToolCallsInOrder() {
    server.reply(
        FakeReply.toolCalls(
            FakeReply.call("get_weather", "{\"city\":\"Edinburgh\"}"),
            FakeReply.call("get_stock_price", "{\"ticker\":\"AAPL\"}")));

    ChatResponse response = model.generate(ask("Weather in Edinburgh and the AAPL price?"));

    assertThat(response.toolCalls())
        .extracting(ToolCall::name)
        .containsExactly("get_weather", "get_stock_price");
    assertThat(response.toolCalls())
        .extracting(ToolCall::id)
        .doesNotHaveDuplicates()
        .allMatch(id -> !id.isBlank());
    assertThat(json(response.toolCalls().get(1).arguments()))
        .isEqualTo(json("{\"ticker\":\"AAPL\"}"));
  }

  @Test
  void sendsToolResultsBackAsTheProviderExpects() {
    List<Message> conversation =
        List.of(
            new UserMessage("Weather in Edinburgh and the AAPL price?"),
            new AssistantMessage(
                "Checking both.",
                List.of(
                    new ToolCall("toolu_01A", "get_weather", "{\"city\":\"Edinburgh\"}"),
                    new ToolCall("toolu_01B", "get_stock_price", "{\"ticker\":\"AAPL\"}")),
                List.of()),
            new ToolResultMessage(
                "toolu_01A", "get_weather", "{\"temp_c\": 11, \"sky\": \"rain\"}", false),
            new ToolResultMessage(
                "toolu_01B", "get_stock_price", "market closed; try again after 14:30 UTC", true));
    server.reply(FakeReply.text("Rainy, 11 °C; the market is closed."));

    ChatResponse response =
        model.generate(
            new ChatRequest(
                "You are a careful assistant.",
                conversation,
                List.of(weatherTool(), stockTool()),
                512));

    assertThat(response.text()).isEqualTo("Rainy, 11 °C; the market is closed.");
    assertSameConversation(server.lastCall().request().messages(), conversation);
  }

  @Test
  void streamsTextDeltasThatAddUpToTheResponse() {
    FakeReply reply =
        FakeReply.text("Edinburgh is rainy today, 11 degrees.").withUsage(new Usage(80, 12, 40, 0));
    server.reply(reply, reply);
    List<String> deltas = new ArrayList<>();

    ChatResponse streamed = model.stream(ask("Weather?"), deltas::add);
    ChatResponse plain = model.generate(ask("Weather?"));

    assertThat(deltas).hasSizeGreaterThan(1);
    assertThat(String.join("", deltas)).isEqualTo(streamed.text());
    assertThat(server.calls().get(0).stream()).isTrue();
    assertSameResponse(streamed, plain);
  }

  @Test
  void streamsParallelToolCallsLikeAPlainCall() {
    FakeReply reply =
        FakeReply.toolCalls(
                new ToolCall(
                    "toolu_01S1", "get_weather", "{\"city\":\"Edinburgh\",\"units\":\"c\"}"),
                new ToolCall("toolu_01S2", "get_stock_price", "{\"ticker\":\"AAPL\"}"))
            .withText("Looking up both.")
            .withUsage(new Usage(300, 60, 0, 0));
    server.reply(reply, reply);

    ChatResponse streamed = model.stream(ask("Both?"), delta -> {});
    ChatResponse plain = model.generate(ask("Both?"));

    assertThat(streamed.toolCalls())
        .extracting(ToolCall::id)
        .containsExactly("toolu_01S1", "toolu_01S2");
    assertSameResponse(streamed, plain);
  }

  @ParameterizedTest
  @EnumSource(ProviderFailure.class)
  void mapsEachFailureOfAPlainCall(ProviderFailure failure) {
    server.fail(failure);

    assertThatThrownBy(() -> model.generate(ask("Weather?")))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(failure.expectedKind()));
  }

  @ParameterizedTest
  @EnumSource(ProviderFailure.class)
  void mapsEachFailureOfAStreamedCall(ProviderFailure failure) {
    server.fail(failure);

    assertThatThrownBy(() -> model.stream(ask("Weather?"), delta -> {}))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(failure.expectedKind()));
  }

  @Test
  void passesOnRetryAfterOfARateLimit() {
    server.fail(ProviderFailure.RATE_LIMITED);

    assertThatThrownBy(() -> model.generate(ask("Weather?")))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.retryAfter())
                  .contains(Duration.ofSeconds(ProviderFailure.RETRY_AFTER_SECONDS));
            });
  }

  @Test
  void aFailedCallSucceedsWhenRepeated() {
    server.fail(ProviderFailure.CONNECTION_RESET).reply(FakeReply.text("Back again."));

    assertThatThrownBy(() -> model.generate(ask("Weather?"))).isInstanceOf(ModelException.class);
    assertThat(model.generate(ask("Weather?")).text()).isEqualTo("Back again.");
  }

  @Test
  void keepsTheKeyInTheAuthHeaderOnly() {
    server.reply(FakeReply.text("ok"));
    server.fail(ProviderFailure.UNAUTHORIZED);

    assertThatThrownBy(() -> model.generate(ask("Weather?")))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.getMessage()).doesNotContain(KEY));
    model.generate(ask("Weather?"));

    assertThat(model.toString()).doesNotContain(KEY);
    for (ReceivedCall call : server.calls()) {
      assertThat(call.apiKey()).isEqualTo(KEY);
      assertThat(call.raw().body()).doesNotContain(KEY);
      assertThat(call.raw().query() == null ? "" : call.raw().query()).doesNotContain(KEY);
    }
  }

  private static void assertSameResponse(ChatResponse actual, ChatResponse expected) {
    assertThat(actual.text()).isEqualTo(expected.text());
    assertThat(actual.stopReason()).isEqualTo(expected.stopReason());
    assertThat(actual.usage()).isEqualTo(expected.usage());
    assertThat(actual.toolCalls()).hasSameSizeAs(expected.toolCalls());
    for (int i = 0; i < actual.toolCalls().size(); i++) {
      assertThat(actual.toolCalls().get(i).id()).isEqualTo(expected.toolCalls().get(i).id());
      assertThat(actual.toolCalls().get(i).name()).isEqualTo(expected.toolCalls().get(i).name());
      assertThat(json(actual.toolCalls().get(i).arguments()))
          .isEqualTo(json(expected.toolCalls().get(i).arguments()));
    }
  }

  /**
   * Equal messages, tool-call arguments compared as JSON (whitespace is not part of the contract).
   */
  protected static void assertSameConversation(List<Message> received, List<Message> sent) {
    assertThat(received).hasSameSizeAs(sent);
    for (int i = 0; i < sent.size(); i++) {
      Message expected = sent.get(i);
      Message actual = received.get(i);
      assertThat(actual.getClass()).as("message %d", i).isEqualTo(expected.getClass());
      if (expected instanceof AssistantMessage assistant) {
        AssistantMessage got = (AssistantMessage) actual;
        assertThat(got.text()).isEqualTo(assistant.text());
        assertThat(got.toolCalls()).hasSameSizeAs(assistant.toolCalls());
        for (int j = 0; j < assistant.toolCalls().size(); j++) {
          ToolCall want = assistant.toolCalls().get(j);
          ToolCall have = got.toolCalls().get(j);
          assertThat(have.id()).isEqualTo(want.id());
          assertThat(have.name()).isEqualTo(want.name());
          assertThat(json(have.arguments())).isEqualTo(json(want.arguments()));
        }
      } else {
        assertThat(actual).as("message %d", i).isEqualTo(expected);
      }
    }
  }

  protected static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
