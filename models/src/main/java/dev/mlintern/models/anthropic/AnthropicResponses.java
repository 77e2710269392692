package dev.mlintern.models.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the parts of a Messages API answer that both the whole-body and the streaming paths share.
 */
final class AnthropicResponses {
  private AnthropicResponses() {}

  /** A whole (non-streaming) message. Unknown block types and fields are ignored. */
  static ChatResponse parse(JsonNode message) {
    JsonNode content = message.get("content");
    if (content == null || !content.isArray() || !message.has("stop_reason")) {
      throw new IllegalArgumentException("not a message: no content array or stop_reason");
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    List<JsonNode> reasoning = new ArrayList<>();
    for (JsonNode block : content) {
      String type = block.path("type").asText();
      if (type.equals("text")) {
        text.append(block.path("text").asText());
      } else if (type.equals("tool_use")) {
        calls.add(
            new ToolCall(
                block.path("id").asText(),
                block.path("name").asText(),
                block.has("input") ? block.get("input").toString() : "{}"));
      } else if (isReasoning(type)) {
        reasoning.add(block.deepCopy());
      }
    }
    return new ChatResponse(
        text.toString(),
        calls,
        stopReason(message.path("stop_reason").asText(null)),
        usage(message.get("usage"), Usage.ZERO),
        reasoning);
  }

  static StopReason stopReason(String value) {
    if (value == null) {
      return StopReason.OTHER;
    }
    return switch (value) {
      case "end_turn" -> StopReason.END_TURN;
      case "tool_use" -> StopReason.TOOL_USE;
      case "max_tokens" -> StopReason.MAX_TOKENS;
      case "stop_sequence" -> StopReason.STOP_SEQUENCE;
      case "refusal" -> StopReason.REFUSAL;
      case "model_context_window_exceeded" -> StopReason.CONTEXT_EXCEEDED;
      default -> StopReason.OTHER;
    };
  }

  /**
   * {@code input_tokens} excludes cached tokens on this API, which is core's {@link Usage}
   * convention too.
   */
  static Usage usage(JsonNode usage, Usage base) {
    if (usage == null || !usage.isObject()) {
      return base;
    }
    return new Usage(
        usage.has("input_tokens") ? usage.get("input_tokens").asLong() : base.inputTokens(),
        usage.has("output_tokens") ? usage.get("output_tokens").asLong() : base.outputTokens(),
        usage.has("cache_read_input_tokens")
            ? usage.get("cache_read_input_tokens").asLong()
            : base.cacheReadTokens(),
        usage.has("cache_creation_input_tokens")
            ? usage.get("cache_creation_input_tokens").asLong()
            : base.cacheWriteTokens());
  }

  static boolean isReasoning(String blockType) {
    return blockType.equals("thinking") || blockType.equals("redacted_thinking");
  }
}
