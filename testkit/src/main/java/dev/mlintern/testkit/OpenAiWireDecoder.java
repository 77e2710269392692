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
 * Reads a Chat Completions request body back into core types. A tool message whose content starts
 * with {@value #ERROR_PREFIX} (mlintern's marker, the format has no error flag) decodes as an error
 * result.
 */
final class OpenAiWireDecoder {
  static final String ERROR_PREFIX = "ERROR: ";

  private final Map<String, String> toolNames = new HashMap<>();

  ChatRequest decode(JsonNode body) {
    String system = "";
    List<Message> messages = new ArrayList<>();
    for (JsonNode message : body.path("messages")) {
      String content = message.path("content").isNull() ? "" : message.path("content").asText("");
      switch (message.path("role").asText()) {
        case "system", "developer" -> system = content;
        case "user" -> messages.add(new UserMessage(content));
        case "assistant" -> {
          List<ToolCall> calls = new ArrayList<>();
          for (JsonNode call : message.path("tool_calls")) {
            JsonNode function = call.path("function");
            toolNames.put(call.path("id").asText(), function.path("name").asText());
            calls.add(
                new ToolCall(
                    call.path("id").asText(),
                    function.path("name").asText(),
                    function.path("arguments").asText()));
          }
          messages.add(new AssistantMessage(content, calls, List.of()));
        }
        case "tool" -> {
          String id = message.path("tool_call_id").asText();
          boolean error = content.startsWith(ERROR_PREFIX);
          messages.add(
              new ToolResultMessage(
                  id,
                  toolNames.get(id),
                  error ? content.substring(ERROR_PREFIX.length()) : content,
                  error));
        }
        default -> throw new IllegalArgumentException("unexpected message " + message);
      }
    }
    List<ToolSpec> tools = new ArrayList<>();
    for (JsonNode tool : body.path("tools")) {
      JsonNode function = tool.path("function");
      tools.add(
          new ToolSpec(
              function.path("name").asText(),
              function.path("description").asText(),
              function.get("parameters")));
    }
    int maxTokens = body.path("max_tokens").asInt(body.path("max_completion_tokens").asInt(1));
    return new ChatRequest(system, messages, tools, Math.max(1, maxTokens));
  }
}
