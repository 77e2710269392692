package dev.mlintern.models.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.StreamListener;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.Usage;
import dev.mlintern.models.http.StreamErrorEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles a Messages API event stream into one {@link ChatResponse}: text deltas go to the
 * listener as they arrive, {@code input_json_delta} fragments are concatenated per block into the
 * tool call's raw arguments, thinking and signature deltas rebuild the thinking block to send back.
 * A block left open by {@code max_tokens} still yields its partial tool call, so the loop can see
 * the cut. Usage takes the input side from {@code message_start} and lets the cumulative {@code
 * message_delta} override it.
 */
final class AnthropicStream {
  private static final class Block {
    final String type;
    final JsonNode start;
    final StringBuilder text = new StringBuilder();
    final StringBuilder signature = new StringBuilder();

    Block(String type, JsonNode start) {
      this.type = type;
      this.start = start;
    }
  }

  private final ObjectMapper json;
  private final StreamListener listener;
  private final Map<Integer, Block> blocks = new TreeMap<>();
  private Usage usage = Usage.ZERO;
  private String stopReason;
  private boolean stopped;

  AnthropicStream(ObjectMapper json, StreamListener listener) {
    this.json = json;
    this.listener = listener;
  }

  /**
   * Takes one event's data; {@code eventName} is only a fallback for a payload without a {@code
   * type}.
   */
  void accept(String eventName, JsonNode data) {
    String type = data.path("type").asText(eventName);
    switch (type) {
      case "message_start" ->
          usage = AnthropicResponses.usage(data.path("message").get("usage"), usage);
      case "content_block_start" -> {
        JsonNode block = data.path("content_block");
        Block started = new Block(block.path("type").asText(), block);
        if (started.type.equals("text")) {
          append(started, block.path("text").asText(""));
        } else if (started.type.equals("thinking")) {
          started.text.append(block.path("thinking").asText(""));
          started.signature.append(block.path("signature").asText(""));
        }
        blocks.put(data.path("index").asInt(blocks.size()), started);
      }
      case "content_block_delta" -> delta(data.path("index").asInt(), data.path("delta"));
      case "message_delta" -> {
        JsonNode reason = data.path("delta").get("stop_reason");
        if (reason != null && !reason.isNull()) {
          stopReason = reason.asText();
        }
        usage = AnthropicResponses.usage(data.get("usage"), usage);
      }
      case "message_stop" -> stopped = true;
      case "error" -> throw new StreamErrorEvent(data.toString());
      default -> {
        // ping, content_block_stop and event types added later need no action
      }
    }
  }

  /** Whether the stream said it was done; a stream that ends without this was cut off. */
  boolean complete() {
    return stopped || stopReason != null;
  }

  ChatResponse response() {
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    List<JsonNode> reasoning = new ArrayList<>();
    for (Block block : blocks.values()) {
      switch (block.type) {
        case "text" -> text.append(block.text);
        case "tool_use" -> {
          String arguments =
              block.text.length() == 0
                  ? block.start.path("input").toString()
                  : block.text.toString();
          calls.add(
              new ToolCall(
                  block.start.path("id").asText(), block.start.path("name").asText(), arguments));
        }
        case "thinking" ->
            reasoning.add(
                json.createObjectNode()
                    .put("type", "thinking")
                    .put("thinking", block.text.toString())
                    .put("signature", block.signature.toString()));
        case "redacted_thinking" -> reasoning.add(block.start.deepCopy());
        default -> {
          // server tool blocks and citations are not part of core's message model
        }
      }
    }
    StopReason reason = AnthropicResponses.stopReason(stopReason);
    return new ChatResponse(text.toString(), calls, reason, usage, reasoning);
  }

  private void delta(int index, JsonNode delta) {
    Block block = blocks.get(index);
    if (block == null) {
      throw new ModelException(
          ModelException.Kind.MALFORMED_RESPONSE,
          "anthropic stream sent a delta for block " + index + " before its content_block_start");
    }
    switch (delta.path("type").asText()) {
      case "text_delta" -> append(block, delta.path("text").asText(""));
      case "input_json_delta" -> block.text.append(delta.path("partial_json").asText(""));
      case "thinking_delta" -> block.text.append(delta.path("thinking").asText(""));
      case "signature_delta" -> block.signature.append(delta.path("signature").asText(""));
      default -> {
        // citations_delta and future delta types
      }
    }
  }

  private void append(Block block, String text) {
    if (!text.isEmpty()) {
      block.text.append(text);
      listener.onText(text);
    }
  }
}
