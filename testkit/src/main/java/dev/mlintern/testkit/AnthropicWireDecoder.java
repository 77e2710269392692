package dev.mlintern.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.model.AssistantMessage;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.model.ToolSpec;
import dev.mlintern.core.model.UserMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Messages API request body back into core types, so tests can compare what was sent with
 * what arrived.
 */
final class AnthropicWireDecoder {
  private final Map<String, String> toolNames = new HashMap<>();

  ChatRequest decode(JsonNode body) {
    List<Message> messages = new ArrayList<>();
    for (JsonNode turn : body.path("messages")) {
      if (turn.path("role").asText().equals("assistant")) {
        messages.add(assistant(turn.get("content")));
      } else {
        user(turn.get("content"), messages);
      }
    }
    List<ToolSpec> tools = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      tools.add(
          new ToolSpec(
              tool.path("name").asText(),
              tool.path("description").asText(),
              tool.get("input_schema")));
    }
    return new ChatRequest(
        text(body.get("system")), messages, tools, Math.max(1, body.path("max_tokens").asInt(1)));
  }

  private AssistantMessage assistant(JsonNode content) {
    if (content == null || content.isTextual()) {
      return AssistantMessage.text(content == null ? "" : content.asText());
    }
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    List<JsonNode> reasoning = new ArrayList<>();
    for (JsonNode block : content) {
      switch (block.path("type").asText()) {
        case "text" -> text.append(block.path("text").asText());
        case "tool_use" -> {
          toolNames.put(block.path("id").asText(), block.path("name").asText());
          calls.add(
              new ToolCall(
                  block.path("id").asText(),
                  block.path("name").asText(),
                  block.path("input").toString()));
        }
        case "thinking", "redacted_thinking" -> reasoning.add(block);
        default -> throw new IllegalArgumentException("unexpected assistant block " + block);
      }
    }
    return new AssistantMessage(text.toString(), calls, reasoning);
  }

  private void user(JsonNode content, List<Message> into) {
    if (content == null || content.isTextual()) {
      into.add(new UserMessage(content == null ? "" : content.asText()));
      return;
    }
    for (JsonNode block : content) {
      switch (block.path("type").asText()) {
        case "text" -> into.add(new UserMessage(block.path("text").asText()));
        case "tool_result" -> {
          String id = block.path("tool_use_id").asText();
          into.add(
              new ToolResultMessage(
                  id,
                  toolNames.get(id),
                  text(block.get("content")),
                  block.path("is_error").asBoolean(false)));
        }
        default -> throw new IllegalArgumentException("unexpected user block " + block);
      }
    }
  }

  /** A string, or the text of a list of text blocks. */
  private static String text(JsonNode node) {
    if (node == null || node.isNull()) {
      return "";
    }
    if (node.isTextual()) {
      return node.asText();
    }
    StringBuilder text = new StringBuilder();
    for (JsonNode block : node) {
      text.append(block.path("text").asText());
    }
    return text.toString();
  }
}
