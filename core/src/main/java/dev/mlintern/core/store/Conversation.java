package dev.mlintern.core.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.model.AssistantMessage;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.model.UserMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session's conversation as the model sees it, rebuilt from its events: the messages of the last
 * {@code compaction} event, then every later user message, assistant message and tool result. Also
 * the JSON form of a message list that {@code compaction} events carry, and the tool calls a crash
 * or an interrupt left without a result.
 */
public final class Conversation {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /**
   * A call the model made that has no result yet; {@code started} when its {@code tool_call} event
   * exists.
   */
  public record Unanswered(ToolCall call, boolean started) {}

  private Conversation() {}

  public static List<Message> rebuild(List<Event> events) {
    List<Message> messages = new ArrayList<>();
    for (Event event : events) {
      AgentEvent body = event.body();
      if (body instanceof AgentEvent.Compaction compaction && compaction.messages() != null) {
        messages = new ArrayList<>(fromJson(compaction.messages()));
      } else if (body instanceof AgentEvent.UserMessage user) {
        messages.add(new UserMessage(user.text()));
      } else if (body instanceof AgentEvent.AssistantMessage assistant) {
        List<ToolCall> calls = new ArrayList<>();
        for (AgentEvent.ToolCallView view :
            assistant.toolCalls() == null
                ? List.<AgentEvent.ToolCallView>of()
                : assistant.toolCalls()) {
          calls.add(new ToolCall(view.id(), view.name(), view.arguments()));
        }
        AssistantMessage message =
            new AssistantMessage(assistant.text(), calls, assistant.reasoning());
        if (!message.text().isEmpty() || !calls.isEmpty()) {
          messages.add(message);
        }
      } else if (body instanceof AgentEvent.ToolResult result) {
        messages.add(
            new ToolResultMessage(
                result.id(), result.name(), result.content(), result.isError(), result.details()));
      }
    }
    return inCallOrder(messages);
  }

  /** Tool calls of the last assistant message with tool calls that have no result after it. */
  public static List<Unanswered> unanswered(List<Event> events) {
    int lastAssistant = -1;
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).body() instanceof AgentEvent.AssistantMessage a
          && a.toolCalls() != null
          && !a.toolCalls().isEmpty()) {
        lastAssistant = i;
        break;
      }
    }
    if (lastAssistant < 0) {
      return List.of();
    }
    Set<String> answered = new HashSet<>();
    Set<String> started = new HashSet<>();
    for (Event event : events.subList(lastAssistant + 1, events.size())) {
      if (event.body() instanceof AgentEvent.ToolResult r) {
        answered.add(r.id());
      } else if (event.body() instanceof AgentEvent.ToolCall c) {
        started.add(c.id());
      }
    }
    List<Unanswered> out = new ArrayList<>();
    for (AgentEvent.ToolCallView view :
        ((AgentEvent.AssistantMessage) events.get(lastAssistant).body()).toolCalls()) {
      if (!answered.contains(view.id())) {
        out.add(
            new Unanswered(
                new ToolCall(view.id(), view.name(), view.arguments()),
                started.contains(view.id())));
      }
    }
    return out;
  }

  /**
   * Puts the results that follow an assistant message into the order of its calls (parallel calls
   * finish in any order).
   */
  static List<Message> inCallOrder(List<Message> messages) {
    List<Message> out = new ArrayList<>(messages.size());
    int i = 0;
    while (i < messages.size()) {
      Message message = messages.get(i++);
      out.add(message);
      if (message instanceof AssistantMessage assistant && assistant.toolCalls().size() > 1) {
        List<ToolResultMessage> results = new ArrayList<>();
        while (i < messages.size() && messages.get(i) instanceof ToolResultMessage r) {
          results.add(r);
          i++;
        }
        Map<String, Integer> order = new HashMap<>();
        for (int k = 0; k < assistant.toolCalls().size(); k++) {
          order.put(assistant.toolCalls().get(k).id(), k);
        }
        results.sort(
            (a, b) ->
                Integer.compare(
                    order.getOrDefault(a.toolCallId(), Integer.MAX_VALUE),
                    order.getOrDefault(b.toolCallId(), Integer.MAX_VALUE)));
        out.addAll(results);
      }
    }
    return out;
  }

  public static ArrayNode toJson(List<Message> messages) {
    ArrayNode array = NODES.arrayNode();
    for (Message message : messages) {
      ObjectNode node = array.addObject();
      if (message instanceof UserMessage user) {
        node.put("role", "user").put("text", user.text());
      } else if (message instanceof AssistantMessage assistant) {
        node.put("role", "assistant").put("text", assistant.text());
        ArrayNode calls = node.putArray("tool_calls");
        for (ToolCall call : assistant.toolCalls()) {
          calls
              .addObject()
              .put("id", call.id())
              .put("name", call.name())
              .put("arguments", call.arguments());
        }
        node.putArray("reasoning").addAll(assistant.reasoning());
      } else if (message instanceof ToolResultMessage result) {
        node.put("role", "tool")
            .put("tool_call_id", result.toolCallId())
            .put("tool_name", result.toolName())
            .put("content", result.content())
            .put("is_error", result.isError());
      }
    }
    return array;
  }

  public static List<Message> fromJson(JsonNode array) {
    List<Message> messages = new ArrayList<>();
    for (JsonNode node : array) {
      switch (node.path("role").asText()) {
        case "user" -> messages.add(new UserMessage(node.path("text").asText("")));
        case "assistant" -> {
          List<ToolCall> calls = new ArrayList<>();
          for (JsonNode call : node.path("tool_calls")) {
            calls.add(
                new ToolCall(
                    call.path("id").asText(),
                    call.path("name").asText(),
                    call.path("arguments").asText()));
          }
          List<JsonNode> reasoning = new ArrayList<>();
          node.path("reasoning").forEach(reasoning::add);
          messages.add(new AssistantMessage(node.path("text").asText(""), calls, reasoning));
        }
        case "tool" ->
            messages.add(
                new ToolResultMessage(
                    node.path("tool_call_id").asText(),
                    node.path("tool_name").asText(null),
                    node.path("content").asText(""),
                    node.path("is_error").asBoolean()));
        default -> throw new IllegalArgumentException("unknown message role in " + node);
      }
    }
    return messages;
  }
}
