package dev.mlintern.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;

/**
 * A fake Anthropic Messages API ({@code POST /v1/messages}) for tests and end-to-end runs: scripted
 * {@link FakeReply}s come back as real message JSON or as a real event stream (keep-alive comment,
 * ping, padded JSON, {@code input_json_delta} fragments starting with {@code ""}), and failures use
 * the shared fixtures' error bodies and headers. A reply with stop reason MAX_TOKENS streams its
 * last tool call's raw (possibly invalid) arguments and leaves that block open, as the real API
 * does. Give the adapter {@link #baseUrl()}.
 */
public final class FakeAnthropicServer extends FakeModelServer {
  public FakeAnthropicServer() {
    super("POST", "/v1/messages");
    fixtures()
        .route(
            "POST",
            "/v1/messages/count_tokens",
            FixtureServer.Response.fixture(200, "anthropic_count_tokens.json"));
  }

  @Override
  public String baseUrl() {
    return root();
  }

  @Override
  protected ReceivedCall decode(FixtureServer.Request raw) throws Exception {
    JsonNode body = parse(raw.body());
    ChatRequest request = new AnthropicWireDecoder().decode(body);
    return new ReceivedCall(
        body.path("model").asText(),
        request,
        body.path("stream").asBoolean(false),
        raw.header("x-api-key"),
        body,
        raw);
  }

  @Override
  protected FixtureServer.Response render(FakeReply reply, ReceivedCall call) {
    ObjectNode message =
        JSON.createObjectNode()
            .put("model", call.model())
            .put("id", "msg_fake" + Integer.toHexString(System.identityHashCode(reply)))
            .put("type", "message")
            .put("role", "assistant");
    ArrayNode content = message.putArray("content");
    reply.reasoning().forEach(block -> content.add(block.deepCopy()));
    if (!reply.text().isEmpty()) {
      content.addObject().put("type", "text").put("text", reply.text());
    }
    for (ToolCall toolCall : reply.toolCalls()) {
      content.add(toolUse(toolCall, true));
    }
    message.put("stop_reason", stopReason(reply.effectiveStopReason())).putNull("stop_sequence");
    message.set("usage", usage(reply.usage(), reply.usage().outputTokens()));
    return FixtureServer.Response.json(200, message.toString());
  }

  @Override
  protected FixtureServer.Response renderStream(FakeReply reply, ReceivedCall call) {
    StringBuilder sse = new StringBuilder(": keep-alive\n\n");
    ObjectNode start = JSON.createObjectNode().put("type", "message_start");
    start
        .putObject("message")
        .put("id", "msg_fakestream")
        .put("type", "message")
        .put("role", "assistant")
        .put("model", call.model())
        .putNull("stop_reason")
        .putNull("stop_sequence")
        .set("usage", usage(reply.usage(), 1));
    ((ObjectNode) start.get("message")).putArray("content");
    event(sse, "message_start", start, false);
    int index = 0;
    for (JsonNode block : reply.reasoning()) {
      if (block.path("type").asText().equals("thinking")) {
        blockStart(
            sse,
            index,
            JSON.createObjectNode()
                .put("type", "thinking")
                .put("thinking", "")
                .put("signature", ""));
        for (String piece : pieces(block.path("thinking").asText(), 12)) {
          delta(
              sse,
              index,
              JSON.createObjectNode().put("type", "thinking_delta").put("thinking", piece));
        }
        delta(
            sse,
            index,
            JSON.createObjectNode()
                .put("type", "signature_delta")
                .put("signature", block.path("signature").asText()));
      } else {
        blockStart(sse, index, block.deepCopy());
      }
      blockStop(sse, index++);
    }
    if (!reply.text().isEmpty()) {
      blockStart(sse, index, JSON.createObjectNode().put("type", "text").put("text", ""));
      sse.append("event: ping\ndata: {\"type\": \"ping\"}\n\n");
      for (String piece : pieces(reply.text(), 8)) {
        delta(sse, index, JSON.createObjectNode().put("type", "text_delta").put("text", piece));
      }
      blockStop(sse, index++);
    }
    boolean cut = reply.effectiveStopReason() == StopReason.MAX_TOKENS;
    for (int i = 0; i < reply.toolCalls().size(); i++) {
      ToolCall toolCall = reply.toolCalls().get(i);
      blockStart(sse, index, toolUse(toolCall, false));
      delta(
          sse,
          index,
          JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", ""));
      for (String piece : pieces(toolCall.arguments(), 10)) {
        delta(
            sse,
            index,
            JSON.createObjectNode().put("type", "input_json_delta").put("partial_json", piece));
      }
      if (cut && i == reply.toolCalls().size() - 1) {
        index++;
      } else {
        blockStop(sse, index++);
      }
    }
    ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
    messageDelta
        .putObject("delta")
        .put("stop_reason", stopReason(reply.effectiveStopReason()))
        .putNull("stop_sequence");
    messageDelta.set("usage", usage(reply.usage(), reply.usage().outputTokens()));
    event(sse, "message_delta", messageDelta, true);
    event(sse, "message_stop", JSON.createObjectNode().put("type", "message_stop"), true);
    return FixtureServer.Response.text(200, "text/event-stream; charset=utf-8", sse.toString());
  }

  @Override
  protected FixtureServer.Response failure(ProviderFailure failure, boolean stream) {
    return switch (failure) {
      case UNAUTHORIZED ->
          FixtureServer.Response.fixture(401, "anthropic_error_authentication_401.json");
      case RATE_LIMITED ->
          withFixtureHeaders(
              FixtureServer.Response.fixture(429, "anthropic_error_rate_limit_429.json"));
      case OVERLOADED -> FixtureServer.Response.fixture(529, "anthropic_error_overloaded_529.json");
      case OVERLOADED_MID_STREAM ->
          stream
              ? FixtureServer.Response.fixture(200, "anthropic_stream_error_overloaded.sse")
              : FixtureServer.Response.fixture(529, "anthropic_error_overloaded_529.json");
      case SERVER_ERROR -> error(500, "api_error", "Internal server error");
      case CONNECTION_RESET -> FixtureServer.Response.reset();
      case MALFORMED_JSON ->
          stream
              ? FixtureServer.Response.text(
                  200,
                  "text/event-stream",
                  "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\n\n")
              : FixtureServer.Response.json(
                  200, "{\"model\":\"claude\",\"id\":\"msg_trunc\",\"content\":[{\"type\":\"te");
      case CONTEXT_TOO_LONG ->
          error(400, "invalid_request_error", "prompt is too long: 215873 tokens > 200000 maximum");
    };
  }

  @Override
  protected FixtureServer.Response badRequest(String message) {
    return error(400, "invalid_request_error", message);
  }

  @Override
  protected String toolCallId(int n) {
    return String.format("toolu_01Fake%016d", n);
  }

  private static FixtureServer.Response error(int status, String type, String message) {
    ObjectNode body = JSON.createObjectNode().put("type", "error");
    body.putObject("error").put("type", type).put("message", message);
    body.put("request_id", "req_fake" + status);
    return FixtureServer.Response.json(status, body.toString())
        .withHeader("request-id", "req_fake" + status);
  }

  private static FixtureServer.Response withFixtureHeaders(FixtureServer.Response response) {
    try {
      JsonNode headers =
          JSON.readTree(
                  new String(
                      Files.readAllBytes(
                          Shared.fixture("anthropic_error_rate_limit_429.headers.json")),
                      StandardCharsets.UTF_8))
              .path("headers");
      for (Map.Entry<String, JsonNode> header :
          (Iterable<Map.Entry<String, JsonNode>>) headers::fields) {
        if (!header.getKey().equalsIgnoreCase("content-type")) {
          response = response.withHeader(header.getKey(), header.getValue().asText());
        }
      }
      return response;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode toolUse(ToolCall call, boolean withInput) {
    ObjectNode block =
        JSON.createObjectNode()
            .put("type", "tool_use")
            .put("id", call.id())
            .put("name", call.name());
    block.set("input", withInput ? inputOf(call) : JSON.createObjectNode());
    block.putObject("caller").put("type", "direct");
    return block;
  }

  /** A scripted call cut off mid-arguments (invalid JSON) has no input object to show yet. */
  private static JsonNode inputOf(ToolCall call) {
    try {
      JsonNode input = JSON.readTree(call.arguments());
      return input != null && input.isObject() ? input : JSON.createObjectNode();
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static ObjectNode usage(Usage usage, long output) {
    ObjectNode node =
        JSON.createObjectNode()
            .put("input_tokens", usage.inputTokens())
            .put("cache_creation_input_tokens", usage.cacheWriteTokens())
            .put("cache_read_input_tokens", usage.cacheReadTokens());
    node.putObject("cache_creation")
        .put("ephemeral_5m_input_tokens", usage.cacheWriteTokens())
        .put("ephemeral_1h_input_tokens", 0);
    return node.put("output_tokens", output).put("service_tier", "standard");
  }

  static String stopReason(StopReason reason) {
    return switch (reason) {
      case END_TURN -> "end_turn";
      case TOOL_USE -> "tool_use";
      case MAX_TOKENS -> "max_tokens";
      case STOP_SEQUENCE -> "stop_sequence";
      case REFUSAL -> "refusal";
      case CONTEXT_EXCEEDED -> "model_context_window_exceeded";
      case OTHER -> "pause_turn";
    };
  }

  private static void blockStart(StringBuilder sse, int index, JsonNode block) {
    ObjectNode data =
        JSON.createObjectNode().put("type", "content_block_start").put("index", index);
    data.set("content_block", block);
    event(sse, "content_block_start", data, false);
  }

  private static void delta(StringBuilder sse, int index, ObjectNode delta) {
    ObjectNode data =
        JSON.createObjectNode().put("type", "content_block_delta").put("index", index);
    data.set("delta", delta);
    event(sse, "content_block_delta", data, false);
  }

  private static void blockStop(StringBuilder sse, int index) {
    event(
        sse,
        "content_block_stop",
        JSON.createObjectNode().put("type", "content_block_stop").put("index", index),
        true);
  }

  /**
   * Real 2026 streams pad some payloads with spaces before the closing brace; so does this fake.
   */
  private static void event(StringBuilder sse, String name, JsonNode data, boolean padded) {
    String json = data.toString();
    if (padded) {
      json = json.substring(0, json.length() - 1) + "        }";
    }
    sse.append("event: ").append(name).append('\n').append("data: ").append(json).append("\n\n");
  }
}
