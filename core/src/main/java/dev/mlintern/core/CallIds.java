package dev.mlintern.core;

import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.ToolCall;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Some OpenAI-compatible servers send tool calls with an empty or repeated id; results are matched
 * to calls by id, so such calls get a fresh unique one before anything is recorded.
 */
final class CallIds {
  private CallIds() {}

  static ChatResponse unique(ChatResponse response, TurnState turn) {
    Set<String> seen = new HashSet<>();
    boolean changed = false;
    List<ToolCall> calls = new ArrayList<>();
    int n = 0;
    for (ToolCall call : response.toolCalls()) {
      n++;
      if (call.id().isBlank() || !seen.add(call.id())) {
        String id = "call-" + turn.start.toEpochMilli() + "-" + turn.iterations + "-" + n;
        seen.add(id);
        calls.add(new ToolCall(id, call.name(), call.arguments()));
        changed = true;
      } else {
        calls.add(call);
      }
    }
    return !changed
        ? response
        : new ChatResponse(
            response.text(), calls, response.stopReason(), response.usage(), response.reasoning());
  }
}
