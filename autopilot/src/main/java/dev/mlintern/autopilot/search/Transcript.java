package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The conversation as the autopilot sees it: the task text, the tools on offer and every tool call
 * paired with its result. All of the autopilot's state is derived from this, so a resumed session
 * continues where it stopped.
 */
record Transcript(String task, Set<String> tools, List<Step> steps) {
  /**
   * One tool call and its answer ({@code content} null while unanswered; {@code details} the tool's
   * structured output, a missing node when it gave none).
   */
  record Step(ToolCall call, JsonNode args, String content, boolean error, JsonNode details) {
    boolean is(String tool) {
      return call.name().equals(tool);
    }

    /** The result parsed as JSON, or a missing node when it is not JSON. */
    JsonNode json() {
      if (content == null || error) {
        return MissingNode.getInstance();
      }
      try {
        return Candidate.JSON.readTree(content);
      } catch (java.io.IOException e) {
        return MissingNode.getInstance();
      }
    }
  }

  static Transcript of(ChatRequest request) {
    String task =
        request.messages().stream()
            .filter(UserMessage.class::isInstance)
            .map(m -> ((UserMessage) m).text())
            .findFirst()
            .orElse("");
    Map<String, ToolResultMessage> results = new HashMap<>();
    for (Message m : request.messages()) {
      if (m instanceof ToolResultMessage r) {
        results.put(r.toolCallId(), r);
      }
    }
    List<Step> steps = new ArrayList<>();
    for (Message m : request.messages()) {
      if (m instanceof AssistantMessage a) {
        for (ToolCall call : a.toolCalls()) {
          ToolResultMessage r = results.get(call.id());
          steps.add(
              new Step(
                  call,
                  parse(call.arguments()),
                  r == null ? null : r.content(),
                  r != null && r.isError(),
                  r == null || r.details() == null ? MissingNode.getInstance() : r.details()));
        }
      }
    }
    Set<String> tools = request.tools().stream().map(ToolSpec::name).collect(Collectors.toSet());
    return new Transcript(task, tools, List.copyOf(steps));
  }

  boolean offers(String tool) {
    return tools.contains(tool);
  }

  boolean called(String tool) {
    return steps.stream().anyMatch(s -> s.is(tool));
  }

  Optional<Step> last(String tool) {
    for (int i = steps.size() - 1; i >= 0; i--) {
      if (steps.get(i).is(tool)) {
        return Optional.of(steps.get(i));
      }
    }
    return Optional.empty();
  }

  private static JsonNode parse(String arguments) {
    try {
      return Candidate.JSON.readTree(arguments);
    } catch (java.io.IOException e) {
      return MissingNode.getInstance();
    }
  }
}
