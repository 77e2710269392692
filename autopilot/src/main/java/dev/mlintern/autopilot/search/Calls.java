package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.model.ToolCall;
import java.util.ArrayList;
import java.util.List;

/** The tool calls of one response, numbered after those already in the transcript. */
final class Calls {
  private final List<ToolCall> calls = new ArrayList<>();
  private final int base;
  private final Dispatch dispatch;

  Calls(int base, Dispatch dispatch) {
    this.base = base;
    this.dispatch = dispatch;
  }

  Calls add(String tool, ObjectNode args) {
    calls.add(new ToolCall("ap-" + (base + calls.size() + 1), tool, args.toString()));
    return this;
  }

  /** Starts a trial the way this run reaches the machine (the trial tool, or a job). */
  Calls trial(String name, ObjectNode config) {
    dispatch.trial(this, name, config);
    return this;
  }

  boolean isEmpty() {
    return calls.isEmpty();
  }

  Planner.Decision decision() {
    return new Planner.Decision(calls, "");
  }
}
