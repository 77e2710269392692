package dev.mlintern.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.Usage;

/**
 * A fake OpenAI-compatible Chat Completions server ({@code POST /v1/chat/completions}), standing in
 * for OpenAI, the HF router, vLLM or Ollama: scripted {@link FakeReply}s come back as {@code
 * chat.completion} JSON or as {@code chat.completion.chunk} streams (tool-call deltas by index, a
 * final usage chunk when asked for, {@code [DONE]}); failures use OpenAI's error envelope. Give the
 * adapter {@link #baseUrl()}, which ends in {@code /v1}.
 */
public final class FakeOpenAiServer extends FakeModelServer {
  public FakeOpenAiServer() {
    super("POST", "/v1/chat/completions");
  }

  @Override
  public String baseUrl() {
    return root() + "/v1";
  }

  @Override
  protected ReceivedCall decode(FixtureServer.Request raw) throws Exception {
    JsonNode body = parse(raw.body());
    ChatRequest request = new OpenAiWireDecoder().decode(body);
    String auth = raw.header("authorization");
    String key =
        auth != null && auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()) : null;
    return new ReceivedCall(
        body.path("model").asText(), request, body.path("stream").asBoolean(false), key, body, raw);
  }

  @Override
  protected FixtureServer.Response render(FakeReply reply, ReceivedCall call) {
    ObjectNode body = envelope("chat.completion", call);
    ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    if (reply.text().isEmpty() && !reply.toolCalls().isEmpty()) {
      message.putNull("content");
    } else {
      message.put("content", reply.text());
    }
    if (!reply.toolCalls().isEmpty()) {
      ArrayNode calls = message.putArray("tool_calls");
      for (ToolCall toolCall : reply.toolCalls()) {
        ObjectNode entry = calls.addObject().put("id", toolCall.id()).put("type", "function");
        entry
            .putObject("function")
            .put("name", toolCall.name())
            .put("arguments", toolCall.arguments());
      }
    }
    message.putNull("refusal");
    choice.putNull("logprobs").put("finish_reason", finishReason(reply.effectiveStopReason()));
    body.set("usage", usage(reply.usage()));
    body.put("system_fingerprint", "fp_fake");
    return FixtureServer.Response.json(200, body.toString());
  }

  @Override
  protected FixtureServer.Response renderStream(FakeReply reply, ReceivedCall call) {
    StringBuilder sse = new StringBuilder();
    ObjectNode first = JSON.createObjectNode().put("role", "assistant").put("content", "");
    chunk(sse, call, first, null);
    for (String piece : pieces(reply.text(), 8)) {
      chunk(sse, call, JSON.createObjectNode().put("content", piece), null);
    }
    int index = 0;
    for (ToolCall toolCall : reply.toolCalls()) {
      ObjectNode opening = JSON.createObjectNode();
      ObjectNode entry =
          opening
              .putArray("tool_calls")
              .addObject()
              .put("index", index)
              .put("id", toolCall.id())
              .put("type", "function");
      entry.putObject("function").put("name", toolCall.name()).put("arguments", "");
      chunk(sse, call, opening, null);
      for (String piece : pieces(toolCall.arguments(), 10)) {
        ObjectNode fragment = JSON.createObjectNode();
        fragment
            .putArray("tool_calls")
            .addObject()
            .put("index", index)
            .putObject("function")
            .put("arguments", piece);
        chunk(sse, call, fragment, null);
      }
      index++;
    }
    chunk(sse, call, JSON.createObjectNode(), finishReason(reply.effectiveStopReason()));
    if (call.body().path("stream_options").path("include_usage").asBoolean(false)) {
      ObjectNode last = envelope("chat.completion.chunk", call);
      last.putArray("choices");
      last.set("usage", usage(reply.usage()));
      sse.append("data: ").append(last).append("\n\n");
    }
    sse.append("data: [DONE]\n\n");
    return FixtureServer.Response.text(200, "text/event-stream; charset=utf-8", sse.toString());
  }

  @Override
  protected FixtureServer.Response failure(ProviderFailure failure, boolean stream) {
    return switch (failure) {
      case UNAUTHORIZED ->
          error(
              401,
              "Incorrect API key provided. You can find your API key at "
                  + "https://platform.openai.com/account/api-keys.",
              "invalid_request_error",
              "invalid_api_key");
      case RATE_LIMITED ->
          error(
                  429,
                  "Rate limit reached for requests. Please try again in 17s.",
                  "requests",
                  "rate_limit_exceeded")
              .withHeader("retry-after", String.valueOf(ProviderFailure.RETRY_AFTER_SECONDS));
      case OVERLOADED -> overloaded();
      case OVERLOADED_MID_STREAM ->
          stream
              ? FixtureServer.Response.text(
                  200,
                  "text/event-stream",
                  "data: {\"id\":\"chatcmpl-x\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                      + "\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
                      + "data: {\"error\":{\"message\":\"The model is overloaded. Please try again later.\","
                      + "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n")
              : overloaded();
      case SERVER_ERROR ->
          error(
              500,
              "The server had an error while processing your request. Sorry about that!",
              "server_error",
              null);
      case CONNECTION_RESET -> FixtureServer.Response.reset();
      case MALFORMED_JSON ->
          stream
              ? FixtureServer.Response.text(
                  200, "text/event-stream", "data: {\"id\":\"chatcmpl-x\",\"choices\":[{\n\n")
              : FixtureServer.Response.json(
                  200,
                  "{\"id\":\"chatcmpl-x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assi");
      case CONTEXT_TOO_LONG ->
          error(
              400,
              "This model's maximum context length is 128000 tokens. However, your "
                  + "messages resulted in 131072 tokens. Please reduce the length of the messages.",
              "invalid_request_error",
              "context_length_exceeded");
    };
  }

  @Override
  protected FixtureServer.Response badRequest(String message) {
    return error(400, message, "invalid_request_error", null);
  }

  @Override
  protected String toolCallId(int n) {
    return String.format("call_Fake%020d", n);
  }

  private static FixtureServer.Response overloaded() {
    return error(
        503,
        "That model is currently overloaded with other requests. You can retry your request.",
        "server_error",
        null);
  }

  private static FixtureServer.Response error(
      int status, String message, String type, String code) {
    ObjectNode body = JSON.createObjectNode();
    ObjectNode error =
        body.putObject("error").put("message", message).put("type", type).putNull("param");
    if (code == null) {
      error.putNull("code");
    } else {
      error.put("code", code);
    }
    return FixtureServer.Response.json(status, body.toString());
  }

  private static ObjectNode envelope(String object, ReceivedCall call) {
    return JSON.createObjectNode()
        .put("id", "chatcmpl-fake")
        .put("object", object)
        .put("created", 1727346165)
        .put("model", call.model());
  }

  private static void chunk(
      StringBuilder sse, ReceivedCall call, ObjectNode delta, String finishReason) {
    ObjectNode chunk = envelope("chat.completion.chunk", call);
    ObjectNode choice = chunk.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    sse.append("data: ").append(chunk).append("\n\n");
  }

  private static ObjectNode usage(Usage usage) {
    long prompt = usage.inputTokens() + usage.cacheReadTokens() + usage.cacheWriteTokens();
    ObjectNode node =
        JSON.createObjectNode()
            .put("prompt_tokens", prompt)
            .put("completion_tokens", usage.outputTokens())
            .put("total_tokens", prompt + usage.outputTokens());
    node.putObject("prompt_tokens_details").put("cached_tokens", usage.cacheReadTokens());
    return node;
  }

  static String finishReason(StopReason reason) {
    return switch (reason) {
      case TOOL_USE -> "tool_calls";
      case MAX_TOKENS -> "length";
      case REFUSAL -> "content_filter";
      default -> "stop";
    };
  }
}
