package dev.mlintern.models.openai;

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
 * Writes a {@link ChatRequest} as a Chat Completions body that OpenAI, the HF router, vLLM, Ollama,
 * llama.cpp and LM Studio all accept: the system prompt as the first message, tools as functions,
 * one {@code tool} message per result. The format has no error flag on tool results, so a failed
 * result's content starts with {@value #ERROR_PREFIX}. Reasoning blocks are Anthropic's and are not
 * sent.
 */
final class OpenAiRequests {
  static final String ERROR_PREFIX = "ERROR: ";

  private final ObjectMapper json;
  private final String model;
  private final OpenAiChatModel.Options options;

  OpenAiRequests(ObjectMapper json, String model, OpenAiChatModel.Options options) {
    this.json = json;
    this.model = model;
    this.options = options;
  }

  ObjectNode body(ChatRequest request, boolean stream) {
    ObjectNode body = json.createObjectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    if (!request.system().isEmpty()) {
      messages.addObject().put("role", "system").put("content", request.system());
    }
    for (Message message : request.messages()) {
      if (message instanceof UserMessage user) {
        messages.addObject().put("role", "user").put("content", user.text());
      } else if (message instanceof AssistantMessage assistant) {
        ObjectNode node =
            messages.addObject().put("role", "assistant").put("content", assistant.text());
        if (!assistant.toolCalls().isEmpty()) {
          ArrayNode calls = node.putArray("tool_calls");
          for (ToolCall call : assistant.toolCalls()) {
            ObjectNode entry = calls.addObject().put("id", call.id()).put("type", "function");
            entry.putObject("function").put("name", call.name()).put("arguments", call.arguments());
          }
        }
      } else if (message instanceof ToolResultMessage result) {
        String content =
            result.isError() && !result.content().startsWith(ERROR_PREFIX)
                ? ERROR_PREFIX + result.content()
                : result.content();
        messages
            .addObject()
            .put("role", "tool")
            .put("tool_call_id", result.toolCallId())
            .put("content", content);
      }
    }
    if (!request.tools().isEmpty()) {
      ArrayNode tools = body.putArray("tools");
      for (ToolSpec tool : request.tools()) {
        ObjectNode function = tools.addObject().put("type", "function").putObject("function");
        function.put("name", tool.name());
        if (tool.description() != null && !tool.description().isEmpty()) {
          function.put("description", tool.description());
        }
        if (tool.inputSchema() != null) {
          function.set("parameters", tool.inputSchema());
        } else {
          function.putObject("parameters").put("type", "object").putObject("properties");
        }
      }
      body.put("tool_choice", "auto");
    }
    body.put(options.maxTokensField(), request.maxTokens());
    if (stream) {
      body.put("stream", true);
      if (options.streamUsage()) {
        body.putObject("stream_options").put("include_usage", true);
      }
    }
    return body;
  }
}
