package dev.mlintern.models.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.model.AssistantMessage;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.ModelException.Kind;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.model.ToolSpec;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.models.http.ModelHttp;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import dev.mlintern.testkit.Shared;
import dev.mlintern.testkit.Standins;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The adapter against recorded OpenAI and HF router answers, and stand-ins for the provider
 * variants held back.
 */
class OpenAiChatModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ChatRequest ASK =
      new ChatRequest("", List.of(new UserMessage("Weather?")), List.of(), 256);
  private static final String PATH = "/v1/chat/completions";

  private final FixtureServer server = new FixtureServer();
  private final OpenAiChatModel model = model("hf_test_token_0000000000000000", "gpt-4o");

  @AfterEach
  void stop() {
    server.close();
  }

  private OpenAiChatModel model(String key, String modelId) {
    return new OpenAiChatModel(
        ModelHttp.defaultClient(),
        server.baseUrl() + "/v1",
        key,
        modelId,
        OpenAiChatModel.Options.defaults("hf:" + modelId).withProvider("hf-router"));
  }

  @Test
  void readsRecordedAnswers() {
    server.enqueue(Response.fixture(200, "openai_chat_text.json"));
    server.enqueue(Response.fixture(200, "openai_chat_parallel_tool_calls.json"));
    server.enqueue(Response.fixture(200, "openai_chat_finish_length.json"));

    ChatResponse text = model.generate(ASK);
    ChatResponse parallel = model.generate(ASK);
    ChatResponse cut = model.generate(ASK);

    assertThat(text.text()).startsWith("I'm unable to provide real-time weather updates.");
    assertThat(text.stopReason()).isEqualTo(StopReason.END_TURN);
    assertThat(text.usage()).isEqualTo(new Usage(14, 37, 0, 0));
    assertThat(parallel.toolCalls())
        .extracting(ToolCall::id)
        .containsExactly("call_fdNz3vOBKYgOIpMdWotB9MjY", "call_h1DWI1POMJLb0KwIyQHWXD4p");
    assertThat(parallel.text()).isEmpty();
    assertThat(parallel.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(cut.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    assertThat(cut.text()).isEqualTo("{\"");
  }

  @Test
  void readsAnHfRouterToolCallWithAKimiStyleId() {
    server.route("POST", PATH, Response.fixture(200, "hf_router_chat_tool_call.json"));

    ChatResponse response = model.generate(ASK);

    assertThat(response.toolCalls())
        .singleElement()
        .satisfies(
            call -> {
              assertThat(call.id()).isEqualTo("functions.hf_datasets_search:0");
              assertThat(json(call.arguments()))
                  .isEqualTo(json("{\"query\":\"sentiment classification\",\"limit\":5}"));
            });
    assertThat(server.lastRequest().header("authorization"))
        .isEqualTo("Bearer hf_test_token_0000000000000000");
  }

  @Test
  void writesRequestsLikeTheRecordedRouterRequests() throws Exception {
    server.route("POST", PATH, Response.fixture(200, "hf_router_chat_tool_call.json"));
    JsonNode first = fixture("hf_router_chat_tool_call_request.json");
    JsonNode second = fixture("hf_router_chat_tool_result_request.json");
    ToolSpec search =
        new ToolSpec(
            "hf_datasets_search",
            "Search Hugging Face datasets",
            first.at("/tools/0/function/parameters"));
    OpenAiChatModel router = model("hf_x", "moonshotai/Kimi-K2-Instruct:novita");
    List<dev.mlintern.core.model.Message> conversation =
        new ArrayList<>(
            List.of(new UserMessage("Find popular sentiment-classification datasets on the Hub.")));

    ChatResponse call =
        router.generate(
            new ChatRequest(
                "You are an ML research assistant.", conversation, List.of(search), 1024));
    JsonNode sentFirst = json(server.lastRequest().body());
    conversation.add(call.asMessage());
    conversation.add(
        new ToolResultMessage(
            call.toolCalls().get(0).id(),
            "hf_datasets_search",
            second.at("/messages/3/content").asText(),
            false));
    router.generate(
        new ChatRequest("You are an ML research assistant.", conversation, List.of(search), 1024));
    JsonNode sentSecond = json(server.lastRequest().body());

    assertThat(sentFirst.get("model")).isEqualTo(first.get("model"));
    assertThat(sentFirst.get("messages")).isEqualTo(first.get("messages"));
    assertThat(sentFirst.get("tools")).isEqualTo(first.get("tools"));
    assertThat(sentFirst.get("tool_choice")).isEqualTo(first.get("tool_choice"));
    assertThat(sentFirst.get("max_tokens")).isEqualTo(first.get("max_tokens"));
    assertThat(sentSecond.get("messages")).isEqualTo(second.get("messages"));
  }

  @Test
  void marksFailedToolResultsInTheContent() {
    server.route("POST", PATH, Response.fixture(200, "openai_chat_text.json"));

    model.generate(
        new ChatRequest(
            "",
            List.of(
                new UserMessage("go"),
                new AssistantMessage("", List.of(new ToolCall("c1", "a", "{}")), List.of()),
                new ToolResultMessage("c1", "a", "no such column 'label'", true)),
            List.of(),
            64));

    JsonNode tool = json(server.lastRequest().body()).get("messages").get(2);
    assertThat(tool.get("role").asText()).isEqualTo("tool");
    assertThat(tool.get("content").asText()).isEqualTo("ERROR: no such column 'label'");
  }

  @Test
  void streamsRecordedTextAndToolCalls() {
    server.enqueue(Response.fixture(200, "openai_stream_text.sse"));
    server.enqueue(Response.fixture(200, "openai_stream_tool_call.sse"));
    server.enqueue(Response.fixture(200, "hf_router_stream_tool_call.sse"));
    List<String> deltas = new ArrayList<>();

    ChatResponse text = model.stream(ASK, deltas::add);
    ChatResponse tool = model.stream(ASK, delta -> {});
    ChatResponse router = model.stream(ASK, delta -> {});

    assertThat(deltas).hasSizeGreaterThan(20);
    assertThat(String.join("", deltas)).isEqualTo(text.text());
    assertThat(text.text()).endsWith("weather app.");
    assertThat(text.usage()).isEqualTo(new Usage(14, 30, 0, 0));
    assertThat(json(tool.toolCalls().get(0).arguments()))
        .isEqualTo(json("{\"city\":\"Edinburgh\",\"country\":\"UK\",\"units\":\"c\"}"));
    assertThat(tool.stopReason()).isEqualTo(StopReason.TOOL_USE);
    assertThat(router.toolCalls().get(0).id()).isEqualTo("functions.hf_datasets_search:0");
    assertThat(router.usage()).isEqualTo(new Usage(118, 27, 0, 0));
    JsonNode sent = json(server.lastRequest().body());
    assertThat(sent.get("stream").asBoolean()).isTrue();
    assertThat(sent.at("/stream_options/include_usage").asBoolean()).isTrue();
  }

  @Test
  void streamsParallelToolCallsByIndexWithCachedTokens() {
    server.route("POST", PATH, Standins.response(200, "openai_stream_parallel_tool_calls.sse"));

    ChatResponse response = model.stream(ASK, delta -> {});

    assertThat(response.toolCalls())
        .extracting(ToolCall::name)
        .containsExactly("GetWeatherArgs", "get_stock_price");
    assertThat(json(response.toolCalls().get(1).arguments()))
        .isEqualTo(json("{\"ticker\":\"AAPL\",\"exchange\":\"NASDAQ\"}"));
    assertThat(response.usage()).isEqualTo(new Usage(85, 60, 64, 0));
  }

  @Test
  void generatesIdsWhenTgiSendsEmptyOnesAndTakesObjectArguments() {
    server.route("POST", PATH, Standins.response(200, "hf_router_chat_tgi.json"));

    ChatResponse first = model.generate(ASK);
    ChatResponse second = model.generate(ASK);

    ToolCall call = first.toolCalls().get(0);
    assertThat(call.id()).startsWith("call_").hasSizeGreaterThan(10);
    assertThat(call.id()).isNotEqualTo(second.toolCalls().get(0).id());
    assertThat(json(call.arguments())).isEqualTo(json("{\"query\":\"sentiment\",\"limit\":3}"));
    assertThat(first.stopReason()).isEqualTo(StopReason.TOOL_USE);
  }

  @Test
  void toleratesTgiNullUsageNovitaExtrasAndVllmEmptyToolCalls() {
    server.enqueue(Standins.response(200, "hf_router_stream_tgi.sse"));
    server.enqueue(Standins.response(200, "hf_router_chat_novita_variant.json"));
    server.enqueue(Standins.response(200, "hf_router_stream_vllm_variant.sse"));

    ChatResponse tgi = model.stream(ASK, delta -> {});
    ChatResponse novita = model.generate(ASK);
    ChatResponse vllm = model.stream(ASK, delta -> {});

    assertThat(tgi.text()).isEqualTo("Sentiment datasets: imdb, sst2.");
    assertThat(tgi.usage()).isEqualTo(Usage.ZERO);
    assertThat(novita.text()).isEqualTo("IMDB and SST-2 are the usual starting points.");
    assertThat(novita.usage()).isEqualTo(new Usage(40, 12, 0, 0));
    assertThat(vllm.text()).isEqualTo("Two candidates look good.");
    assertThat(vllm.toolCalls()).isEmpty();
    assertThat(vllm.stopReason()).isEqualTo(StopReason.END_TURN);
  }

  @Test
  void mapsRouterAndOpenAiErrorShapes() {
    assertFailure(
        Response.fixture(400, "openai_error_400.json"),
        Kind.BAD_REQUEST,
        "you must provide a model parameter");
    assertFailure(
        Response.fixture(402, "hf_router_error_402.json"),
        Kind.UNAUTHORIZED,
        "monthly included credits");
    assertFailure(
        Response.fixture(422, "hf_router_error_422_template.json"),
        Kind.BAD_REQUEST,
        "template_error: Template error: template not found");
    assertFailure(
        Response.text(
            422,
            "text/plain",
            "Input validation error: `inputs` tokens + `max_new_tokens` must " + "be <= 4096"),
        Kind.BAD_REQUEST,
        "Input validation error");
    assertFailure(
        Response.json(404, "{\"error\":\"Model not found\"}"), Kind.BAD_REQUEST, "Model not found");
    assertFailure(
        Response.json(
            400,
            "{\"error\":{\"message\":\"the request exceeds the available context size, try "
                + "increasing it\",\"type\":\"exceed_context_size_error\",\"code\":400}}"),
        Kind.CONTEXT_TOO_LONG,
        "context size");
    assertFailure(Response.json(502, "<html>Bad Gateway</html>"), Kind.SERVER_ERROR, "Bad Gateway");
  }

  @Test
  void mapsAnErrorObjectSentWithStatus200() {
    server.route(
        "POST",
        PATH,
        Response.json(200, "{\"error\":{\"message\":\"upstream provider overloaded\"}}"));

    assertThatThrownBy(() -> model.generate(ASK))
        .isInstanceOfSatisfying(
            ModelException.class, e -> assertThat(e.kind()).isEqualTo(Kind.OVERLOADED));
  }

  @Test
  void sendsNoAuthorizationWithoutAKey() {
    server.route("POST", PATH, Response.fixture(200, "openai_chat_text.json"));

    model(null, "llama3.1:8b").generate(ASK);

    assertThat(server.lastRequest().header("authorization")).isNull();
    assertThat(json(server.lastRequest().body()).get("model").asText()).isEqualTo("llama3.1:8b");
  }

  @Test
  void pointsAtTheBaseUrlWhenThePathIsNotFound() {
    server.route("POST", PATH, Response.json(404, "{\"error\":\"Not Found\"}"));

    assertThatThrownBy(() -> model.generate(ASK))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST);
              assertThat(e.getMessage())
                  .contains(server.baseUrl() + "/v1/chat/completions", "check the model name");
            });
  }

  @Test
  void anInterruptedCallIsCancelledNotRetried() {
    server.route("POST", PATH, Response.fixture(200, "openai_chat_text.json"));
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> model.generate(ASK))
          .isInstanceOf(java.util.concurrent.CancellationException.class);
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void leavesOutAMissingToolDescription() {
    server.route("POST", PATH, Response.fixture(200, "openai_chat_text.json"));

    model.generate(
        new ChatRequest(
            "", List.of(new UserMessage("go")), List.of(new ToolSpec("noop", null, null)), 64));

    JsonNode function = json(server.lastRequest().body()).at("/tools/0/function");
    assertThat(function.has("description")).isFalse();
    assertThat(function.at("/parameters/type").asText()).isEqualTo("object");
  }

  private void assertFailure(Response response, Kind kind, String messagePart) {
    server.enqueue(response);
    assertThatThrownBy(() -> model.generate(ASK))
        .isInstanceOfSatisfying(
            ModelException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.getMessage()).contains(messagePart).startsWith("hf-router HTTP");
            });
  }

  private static JsonNode fixture(String name) throws Exception {
    return JSON.readTree(Files.readString(Shared.fixture(name)));
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new AssertionError(text, e);
    }
  }
}
