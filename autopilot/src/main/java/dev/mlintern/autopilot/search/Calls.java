package dev.mlintern.autopilot.search;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.model.ToolCall;
import java.util.ArrayList;
import java.util.List;

/** The tool calls of one response, numbered after those already in the transcript. */
final class Calls {
  private final List<ToolCall> calls = new ArrayList<>();
  private final int base;
  private final TaskBrief brief;

  /** {@code brief}: the task, whose outputs folder the run's files go to. */
  Calls(int base, TaskBrief brief) {
    this.base = base;
    this.brief = brief;
  }

  Calls add(String tool, ObjectNode args) {
    calls.add(new ToolCall("ap-" + (base + calls.size() + 1), tool, args.toString()));
    return this;
  }

  /** Starts a trial as a job that is stopped after {@code timeoutSeconds}. */
  Calls trial(ObjectNode config, double timeoutSeconds) {
    JobDispatch.submit(this, config, (long) Math.ceil(timeoutSeconds), brief);
    return this;
  }

  boolean isEmpty() {
    return calls.isEmpty();
  }

  Planner.Decision decision() {
    return new Planner.Decision(calls, "");
  }
}
