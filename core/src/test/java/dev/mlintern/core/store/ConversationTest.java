package dev.mlintern.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.model.AssistantMessage;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.model.UserMessage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTest {
  private final List<Event> events = new ArrayList<>();

  private void add(AgentEvent body) {
    events.add(new Event(events.size() + 1, "s", Instant.EPOCH, body));
  }

  private static AgentEvent.AssistantMessage calls(String... ids) {
    List<AgentEvent.ToolCallView> views = new ArrayList<>();
    for (String id : ids) {
      views.add(new AgentEvent.ToolCallView(id, "read", "{}"));
    }
    return new AgentEvent.AssistantMessage("", views, List.of(), "tool_use", null);
  }

  @Test
  void rebuildStartsFromTheLastCompactionAndOrdersParallelResultsByCall() {
    add(new AgentEvent.UserMessage("old"));
    List<Message> compacted = List.of(new UserMessage("goal"), new UserMessage("summary"));
    add(new AgentEvent.Compaction(100, 10, "summary", Conversation.toJson(compacted)));
    add(calls("a", "b"));
    add(new AgentEvent.ToolCall("a", "read", "{}", "run"));
    add(new AgentEvent.ToolCall("b", "read", "{}", "run"));
    add(new AgentEvent.ToolResult("b", "read", "B", false, null, null));
    add(new AgentEvent.ToolResult("a", "read", "A", false, null, null));
    add(new AgentEvent.AssistantDelta("do"));
    add(new AgentEvent.AssistantMessage("", List.of(), List.of(), "end_turn", null));
    add(new AgentEvent.AssistantMessage("done", List.of(), List.of(), "end_turn", null));

    assertThat(Conversation.rebuild(events))
        .containsExactly(
            new UserMessage("goal"),
            new UserMessage("summary"),
            new AssistantMessage(
                "",
                List.of(new ToolCall("a", "read", "{}"), new ToolCall("b", "read", "{}")),
                List.of()),
            new ToolResultMessage("a", "read", "A", false),
            new ToolResultMessage("b", "read", "B", false),
            AssistantMessage.text("done"));
    assertThat(Conversation.unanswered(events)).isEmpty();
  }

  @Test
  void unansweredCallsTellWhetherTheyStarted() {
    add(new AgentEvent.UserMessage("go"));
    add(calls("a", "b", "c"));
    add(new AgentEvent.ToolCall("a", "read", "{}", "run"));
    add(new AgentEvent.ToolResult("a", "read", "A", false, null, null));
    add(new AgentEvent.ToolCall("b", "read", "{}", "run"));
    assertThat(Conversation.unanswered(events))
        .containsExactly(
            new Conversation.Unanswered(new ToolCall("b", "read", "{}"), true),
            new Conversation.Unanswered(new ToolCall("c", "read", "{}"), false));
  }

  @Test
  void messagesSurviveTheirJsonForm() {
    List<Message> messages =
        List.of(
            new UserMessage("u"),
            new AssistantMessage(
                "t",
                List.of(new ToolCall("1", "x", "{\"a\":1}")),
                List.of(
                    dev.mlintern.core.event.EventJson.mapper()
                        .createObjectNode()
                        .put("type", "thinking"))),
            new ToolResultMessage("1", "x", "r", true));
    assertThat(Conversation.fromJson(Conversation.toJson(messages))).isEqualTo(messages);
  }
}
