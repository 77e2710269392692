package dev.mlintern.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.Usage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One scripted model answer, described without any wire format: text, tool calls, why it stopped,
 * usage and reasoning blocks. {@link FakeAnthropicServer} and {@link FakeOpenAiServer} render it as
 * their provider would, as a whole body or as an event stream, whichever the request asked for. A
 * tool call with an empty id gets a provider-style id; a null stop reason means TOOL_USE when there
 * are calls and END_TURN otherwise; a zero usage is replaced by an estimate of the request and the
 * answer.
 */
public record FakeReply(
    String text,
    List<ToolCall> toolCalls,
    StopReason stopReason,
    Usage usage,
    List<JsonNode> reasoning) {
  public FakeReply {
    text = text == null ? "" : text;
    toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
    usage = usage == null ? Usage.ZERO : usage;
    reasoning = reasoning == null ? List.of() : List.copyOf(reasoning);
  }

  public static FakeReply text(String text) {
    return new FakeReply(text, List.of(), null, Usage.ZERO, List.of());
  }

  public static FakeReply toolCalls(ToolCall... calls) {
    return new FakeReply("", Arrays.asList(calls), null, Usage.ZERO, List.of());
  }

  /**
   * A call with a generated id: {@code FakeReply.toolCalls(FakeReply.call("read",
   * "{\"path\":\"a.txt\"}"))}.
   */
  public static ToolCall call(String name, String argumentsJson) {
    return new ToolCall("", name, argumentsJson);
  }

  public FakeReply withText(String value) {
    return new FakeReply(value, toolCalls, stopReason, usage, reasoning);
  }

  public FakeReply withStopReason(StopReason value) {
    return new FakeReply(text, toolCalls, value, usage, reasoning);
  }

  public FakeReply withUsage(Usage value) {
    return new FakeReply(text, toolCalls, stopReason, value, reasoning);
  }

  /** Adds an Anthropic {@code thinking} block (OpenAI-style servers do not send it back). */
  public FakeReply withThinking(String thinking, String signature) {
    List<JsonNode> blocks = new ArrayList<>(reasoning);
    blocks.add(
        JsonNodeFactory.instance
            .objectNode()
            .put("type", "thinking")
            .put("thinking", thinking)
            .put("signature", signature));
    return new FakeReply(text, toolCalls, stopReason, usage, blocks);
  }

  /**
   * A reply from a JSON description, for scripts kept as data: {@code {"text": "…", "tool_calls":
   * [{"name": "read", "arguments": {"path": "a.txt"}}], "stop_reason": "max_tokens", "usage":
   * {"input": 10, "output": 5}}}; every field is optional, {@code arguments} may be an object or a
   * raw (even truncated) JSON string.
   */
  public static FakeReply fromJson(JsonNode node) {
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : node.path("tool_calls")) {
      JsonNode arguments = call.path("arguments");
      calls.add(
          new ToolCall(
              call.path("id").asText(""),
              call.path("name").asText(),
              arguments.isTextual()
                  ? arguments.asText()
                  : arguments.isMissingNode() ? "{}" : arguments.toString()));
    }
    StopReason stop =
        node.hasNonNull("stop_reason")
            ? StopReason.valueOf(node.get("stop_reason").asText().toUpperCase(Locale.ROOT))
            : null;
    JsonNode usage = node.path("usage");
    return new FakeReply(
        node.path("text").asText(""),
        calls,
        stop,
        new Usage(
            usage.path("input").asLong(0),
            usage.path("output").asLong(0),
            usage.path("cache_read").asLong(0),
            usage.path("cache_write").asLong(0)),
        List.of());
  }

  public StopReason effectiveStopReason() {
    return stopReason != null
        ? stopReason
        : toolCalls.isEmpty() ? StopReason.END_TURN : StopReason.TOOL_USE;
  }
}
