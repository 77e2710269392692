package dev.mlintern.models.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.ModelException.Kind;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.TokenEstimate;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.models.http.ModelHttp;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import dev.mlintern.testkit.Standins;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against recorded Anthropic answers (shared fixtures) and the stand-ins written for
 * held-back ones.
 */
class AnthropicChatModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ChatRequest ASK =
      new ChatRequest("", List.of(new UserMessage("Weather in Paris?")), List.of(), 256);

  private final FixtureServer server = new FixtureServer();
  private final AnthropicChatModel model =
      model(AnthropicChatModel.Options.defaults("claude-haiku-4-5"));

  @AfterEach
  void stop() {
    server.close();
  }

  private AnthropicChatModel model(AnthropicChatModel.Options options) {
    return new AnthropicChatModel(
        ModelHttp.defaultClient(),
        server.baseUrl() + "/",
        "sk-ant-test-key-000000",
        "claude-haiku-4-5",
        options);
  }

  @Test
  void readsARecordedToolUseAnswer() {
    server.route("POST", "/v1/messages", Response.fixture(200, "anthropic_messages_tool_use.json"));

    ChatResponse response = model.generate(ASK);

    assertThat(response.text()).startsWith("I'll get the weather for each of those cities.");
    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(response.toolCalls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.id()).isEqualTo("toolu_01LRanfq6DmHn1yDTB4d1SAh");
              assertThat(call.name()).isEqualTo("get_weather");
              assertThat(json(call.arguments()))
                  .isEqualTo(json("{\"location\":\"San Francisco, CA\",\"units\":\"f\"}"));
            });
    assertThat(response.usage()).isEqualTo(new Usage(701, 93, 0, 0));
  }

  @Test
  void sendsTheVersionAndKeyHeadersToTheMessagesPath() {
    server.route("POST", "/v1/messages", Response.fixture(200, "anthropic_messages_end_turn.json"));

    model.generate(ASK);

    FixtureServer.Request request = server.lastRequest();
    assertThat(request.path()).isEqualTo("/v1/messages");
    assertThat(request.header("x-api-key")).isEqualTo("sk-ant-test-key-000000");
    assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(request.header("content-type")).isEqualTo("application/json");
  }

  @Test
  void readsCacheTokenUsage() {
    server.route(
        "POST", "/v1/messages", Response.fixture(200, "anthropic_messages_cache_usage.json"));

    Usage usage = model.generate(ASK).usage();

    assertThat(usage).isEqualTo(new Usage(412, 87, 18944, 0));
    assertThat(usage.promptTokens()).isEqualTo(412 + 18944);
  }

  @Test
  void streamsARecordedToolUseWithPartialJson() {
    server.route("POST", "/v1/messages", Response.fixture(200, "anthropic_stream_tool_use.sse"));
    List<String> deltas = new ArrayList<>();

    ChatResponse response = model.stream(ASK, deltas::add);

    assertThat(deltas).containsExactly("I", "'ll check the current weather in Paris for you.");
    assertThat(response.text()).isEqualTo("I'll check the current weather in Paris for you.");
    assertThat(response.toolCalls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.id()).isEqualTo("toolu_01NRLabsLyVHZPKxbKvkfSMn");
              assertThat(json(call.arguments())).isEqualTo(json("{\"location\":\"Paris\"}"));
            });
    assertThat(response.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(response.usage()).isEqualTo(new Usage(377, 65, 0, 0));
    assertThat(json(server.lastRequest().body()).get("stream").asBoolean()).isTrue();
  }

  @Test
  void streamsARecordedPaddedTextAnswer() {
    server.route(
        "POST",
        "/v1/messages",
        Response.fixture(200, "anthropic_stream_text_after_tool_result.sse"));

    ChatResponse response = model.stream(ASK, delta -> {});

    assertThat(response.text())
        .startsWith("The weather in San Francisco, CA is currently:")
        .endsWith("sunny day!");
    assertThat(response.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(response.usage()).isEqualTo(new Usage(770, 38, 0, 0));
  }

  @Test
  void streamsPaddedParallelToolCalls() {
    server.route(
        "POST", "/v1/messages", Standins.response(200, "anthropic_stream_tool_use_padded.sse"));

    ChatResponse response = model.stream(ASK, delta -> {});

    assertThat(response.toolCalls()).hasSize(2);
    assertThat(json(response.toolCalls().get(0).arguments()))
        .isEqualTo(json("{\"repo_id\":\"stanfordnlp/imdb\"}"));
    assertThat(json(response.toolCalls().get(1).arguments()))
        .isEqualTo(json("{\"repo_id\":\"stanfordnlp/sst2\"}"));
    assertThat(response.usage()).isEqualTo(new Usage(412, 96, 18944, 0));
  }

  @Test
  void keepsAToolCallCutByMaxTokensSoTheLoopCanSeeIt() {
    server.route(
        "POST",
        "/v1/messages",
        Standins.response(200, "anthropic_stream_max_tokens_partial_tool.sse"));

    ChatResponse response = model.stream(ASK, delta -> {});

    assertThat(response.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(response.toolCalls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.name()).isEqualTo("write");
              assertThat(call.arguments()).startsWith("{\"path\": \"train.py\"");
              assertThatThrownBy(() -> JSON.readTree(call.arguments()))
                  .isInstanceOf(Exception.class);
            });
  }

  @Test
  void keepsStreamedThinkingBlocksToSendBack() throws Exception {
    server.route("POST", "/v1/messages", Standins.response(200, "anthropic_stream_thinking.sse"));

    ChatResponse response = model.stream(ASK, delta -> {});

    assertThat(response.text()).isEqualTo("Starting with a baseline.");
    assertThat(response.reasoning())
        .containsExactly(
            JSON.readTree(
                "{\"type\":\"thinking\",\"thinking\":\"The user wants a baseline first; logistic regression is "
                    + "cheapest.\",\"signature\":\"EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxStandinSignature==\"}"),
            JSON.readTree(
                "{\"type\":\"redacted_thinking\",\"data\":\"EmwKAhgBEgy3va3pzix/LafPsn4aDFStandinRedacted==\"}"));
    assertThat(response.usage().cacheWriteTokens()).isEqualTo(1800);
  }

  @Test
  void passesThinkingFromAWholeAnswerBackUnchanged() throws Exception {
    server.route(
        "POST", "/v1/messages", Standins.response(200, "anthropic_messages_thinking.json"));
    ChatResponse first = model.generate(ASK);

    model.generate(
        new ChatRequest(
            "",
            List.of(
                new UserMessage("Weather in Paris?"),
                first.asMessage(),
                new dev.mlintern.core.model.ToolResultMessage(
                    first.toolCalls().get(0).id(), "plan", "ok", false)),
            List.of(),
            256));

    JsonNode recorded =
        Standins.text("anthropic_messages_thinking.json").transform(this::json).get("content");
    JsonNode sent = json(server.lastRequest().body()).get("messages").get(1).get("content");
    assertThat(sent.get(0)).isEqualTo(recorded.get(0));
    assertThat(sent.get(1)).isEqualTo(recorded.get(1));
  }

  @Test
  void mapsAMidStreamOverloadedEvent() {
    server.route(
        "POST", "/v1/messages", Response.fixture(200, "anthropic_stream_error_overloaded.sse"));

    assertThatThrownBy(() -> model.stream(ASK, delta -> {}))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
              assertThat(e.getMessage()).contains("Overloaded");
            });
  }

  @Test
  void reportsAStreamThatBreaksOffAsTransient() {
    String cut =
        "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"usage\":{\"input_tokens\":5}}}\n\n"
            + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
            + "{\"type\":\"text\",\"text\":\"\"}}\n\n";
    server.route("POST", "/v1/messages", Response.text(200, "text/event-stream", cut));

    assertThatThrownBy(() -> model.stream(ASK, delta -> {}))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TRANSIENT));
  }

  @Test
  void tellsABadRequestFromAContextOverflow() {
    server.route(
        "POST", "/v1/messages", Response.fixture(400, "anthropic_error_invalid_request_400.json"));

    assertThatThrownBy(() -> model.generate(ASK))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
              assertThat(e.getMessage())
                  .contains("invalid_request_error", "tool_result", "req_011CZAYfc9MZ9RTh4p7Qex6Z");
              assertThat(e.retryable()).isFalse();
            });
  }

  @Test
  void prefersRetryAfterMillisecondsAndReadsHttpDates() {
    server.enqueue(
        Response.fixture(429, "anthropic_error_rate_limit_429.json")
            .withHeader("retry-after", "17")
            .withHeader("retry-after-ms", "2500"));
    server.enqueue(
        Response.fixture(529, "anthropic_error_overloaded_529.json")
            .withHeader("retry-after", "Thu, 26 Nov 2026 10:00:30 GMT"));
    Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);
    AnthropicChatModel fixedClock =
        model(
            new AnthropicChatModel.Options(
                "anthropic:claude-haiku-4-5",
                200_000,
                true,
                0,
                false,
                Duration.ofSeconds(30),
                clock));

    assertThatThrownBy(() -> fixedClock.generate(ASK))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofMillis(2500)));
    assertThatThrownBy(() -> fixedClock.generate(ASK))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.OVERLOADED);
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(30));
            });
  }

  @Test
  void callsItAMalformedResponseWhenJsonIsNotAMessage() {
    server.route("POST", "/v1/messages", Response.json(200, "{\"hello\": \"world\"}"));

    assertThatThrownBy(() -> model.generate(ASK))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED_RESPONSE));
  }

  @Test
  void countsTokensWithTheApiOnlyWhenAskedAndFallsBackToTheEstimate() {
    server.route(
        "POST", "/v1/messages/count_tokens", Response.fixture(200, "anthropic_count_tokens.json"));
    AnthropicChatModel counting =
        model(AnthropicChatModel.Options.defaults("claude-haiku-4-5").withCountTokensViaApi(true));

    assertThat(model.countTokens(ASK)).isEqualTo(TokenEstimate.of(ASK));
    assertThat(server.requests()).isEmpty();
    assertThat(counting.countTokens(ASK)).isEqualTo(656);
    assertThat(json(server.lastRequest().body()).has("max_tokens")).isFalse();

    server.enqueue(Response.reset());
    assertThat(counting.countTokens(ASK)).isEqualTo(TokenEstimate.of(ASK));
  }

  @Test
  void namesItselfBySpecAndWindow() {
    AnthropicChatModel named =
        model(
            AnthropicChatModel.Options.defaults("claude-haiku-4-5")
                .withName("anthropic:claude-haiku-4-5")
                .withContextWindow(150_000));

    assertThat(named.name()).isEqualTo("anthropic:claude-haiku-4-5");
    assertThat(named.contextWindow()).isEqualTo(150_000);
    assertThat(named.toString()).contains("anthropic:claude-haiku-4-5").doesNotContain("sk-ant");
  }

  private JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(text, e);
    }
  }
}
