package dev.mlintern.models.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.model.AssistantMessage;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.model.ToolSpec;
import dev.mlintern.core.model.UserMessage;

/**
 * Writes a {@link ChatRequest} as a Messages API body. Consecutive user-side messages (tool results
 * and injected text) become one user turn with the {@code tool_result} blocks first, as the API
 * requires; reasoning blocks go back verbatim ahead of the text and {@code tool_use} blocks they
 * came with. With prompt caching on, the system prompt, the last tool and the last message block
 * carry {@code cache_control: ephemeral}.
 */
final class AnthropicRequests {
  private final ObjectMapper json;
  private final String model;
  private final AnthropicChatModel.Options options;

  AnthropicRequests(ObjectMapper json, String model, AnthropicChatModel.Options options) {
    this.json = json;
    this.model = model;
    this.options = options;
  }

  ObjectNode messagesBody(ChatRequest request, boolean stream) {
    ObjectNode body = countTokensBody(request);
    int maxTokens = request.maxTokens();
    if (options.thinkingBudget() > 0) {
      if (maxTokens <= options.thinkingBudget()) {
        maxTokens = options.thinkingBudget() + maxTokens;
      }
      body.putObject("thinking")
          .put("type", "enabled")
          .put("budget_tokens", options.thinkingBudget());
    }
    body.put("max_tokens", maxTokens);
    if (stream) {
      body.put("stream", true);
    }
    return body;
  }

  /** The body of {@code /v1/messages/count_tokens}: the same as a message call, without limits. */
  ObjectNode countTokensBody(ChatRequest request) {
    ObjectNode body = json.createObjectNode();
    body.put("model", model);
    if (!request.system().isEmpty()) {
      if (options.promptCaching()) {
        ObjectNode block =
            body.putArray("system").addObject().put("type", "text").put("text", request.system());
        cache(block);
      } else {
        body.put("system", request.system());
      }
    }
    body.set("messages", messages(request));
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolSpec tool : request.tools()) {
        ObjectNode node = tools.addObject().put("name", tool.name());
        if (tool.description() != null && !tool.description().isEmpty()) {
          node.put("description", tool.description());
        }
        node.set("input_schema", tool.inputSchema() == null ? emptySchema() : tool.inputSchema());
      }
      if (options.promptCaching()) {
        cache((ObjectNode) tools.get(tools.size() - 1));
      }
    }
    return body;
  }

  private ArrayNode messages(ChatRequest request) {
    ArrayNode turns = json.createArrayNode();
    ArrayNode results = null;
    ArrayNode texts = null;
    for (Message message : request.messages()) {
      if (message instanceof AssistantMessage assistant) {
        flushUser(turns, results, texts);
        results = null;
        texts = null;
        ArrayNode blocks = assistantBlocks(assistant);
        if (blocks.isEmpty()) {
          continue;
        }
        ObjectNode last = turns.isEmpty() ? null : (ObjectNode) turns.get(turns.size() - 1);
        if (last != null && last.path("role").asText().equals("assistant")) {
          ((ArrayNode) last.get("content")).addAll(blocks);
        } else {
          turns.addObject().put("role", "assistant").set("content", blocks);
        }
      } else {
        if (results == null) {
          results = json.createArrayNode();
          texts = json.createArrayNode();
        }
        if (message instanceof ToolResultMessage result) {
          ObjectNode block =
              results
                  .addObject()
                  .put("type", "tool_result")
                  .put("tool_use_id", result.toolCallId())
                  .put("content", result.content());
          if (result.isError()) {
            block.put("is_error", true);
          }
        } else if (message instanceof UserMessage user) {
          texts.addObject().put("type", "text").put("text", user.text());
        }
      }
    }
    flushUser(turns, results, texts);
    if (options.promptCaching() && !turns.isEmpty()) {
      cacheLastBlock((ObjectNode) turns.get(turns.size() - 1));
    }
    return turns;
  }

  private void flushUser(ArrayNode turns, ArrayNode results, ArrayNode texts) {
    if (results == null) {
      return;
    }
    ObjectNode turn = turns.addObject().put("role", "user");
    if (results.isEmpty() && texts.size() == 1) {
      turn.put("content", texts.get(0).get("text").asText());
    } else {
      ArrayNode content = turn.putArray("content");
      content.addAll(results);
      content.addAll(texts);
    }
  }

  private ArrayNode assistantBlocks(AssistantMessage assistant) {
    ArrayNode blocks = json.createArrayNode();
    for (JsonNode reasoning : assistant.reasoning()) {
      blocks.add(reasoning.deepCopy());
    }
    if (!assistant.text().isBlank()) {
      blocks.addObject().put("type", "text").put("text", assistant.text());
    }
    for (ToolCall call : assistant.toolCalls()) {
      blocks
          .addObject()
          .put("type", "tool_use")
          .put("id", call.id())
          .put("name", call.name())
          .set("input", inputOf(call));
    }
    return blocks;
  }

  /**
   * Tool input must be an object on the wire; malformed arguments (the loop answers them with an
   * error) send {}.
   */
  private JsonNode inputOf(ToolCall call) {
    try {
      JsonNode input = json.readTree(call.arguments());
      return input != null && input.isObject() ? input : json.createObjectNode();
    } catch (Exception e) {
      return json.createObjectNode();
    }
  }

  private void cacheLastBlock(ObjectNode turn) {
    JsonNode content = turn.get("content");
    if (content.isTextual()) {
      ArrayNode blocks = turn.putArray("content");
      cache(blocks.addObject().put("type", "text").put("text", content.asText()));
    } else if (content.isArray() && !content.isEmpty()) {
      ObjectNode last = (ObjectNode) content.get(content.size() - 1);
      String type = last.path("type").asText();
      if (!type.equals("thinking") && !type.equals("redacted_thinking")) {
        cache(last);
      }
    }
  }

  private static void cache(ObjectNode block) {
    block.putObject("cache_control").put("type", "ephemeral");
  }

  private ObjectNode emptySchema() {
    ObjectNode schema = json.createObjectNode().put("type", "object");
    schema.putObject("properties");
    return schema;
  }
}
