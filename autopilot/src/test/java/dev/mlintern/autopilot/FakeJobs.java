package dev.mlintern.autopilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The compute module's jobs tool and core's write tool as the autopilot sees them on the wire
 * (written here): a submit answers with the job id in its details, a wait with the job's end state
 * and the recipe's result object from {@link FakeTrials}, a trial that fails ends {@code failed},
 * one that needs longer than its timeout (plus 3 s to start) ends {@code timed_out} without one.
 * The wording of the answers differs from the real tool's on purpose: the autopilot must not read
 * it.
 */
final class FakeJobs {
  private final FakeTrials trials;
  private final Map<String, ObjectNode> results = new HashMap<>();
  private int next;

  FakeJobs(FakeTrials trials) {
    this.trials = trials;
  }

  /** Answers one call; {@code seconds[0]} receives the simulated run time of a submitted trial. */
  ToolResultMessage answer(ToolCall call, double[] seconds) {
    try {
      JsonNode args = FakeTrials.JSON.readTree(call.arguments());
      return switch (call.name()) {
        case "diagnose" ->
            ok(call, "error bad_config: the recipe rejected the model\n  try: drop it", null);
        case "jobs" -> jobs(call, args, seconds);
        default -> ok(call, "done", null);
      };
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private ToolResultMessage jobs(ToolCall call, JsonNode args, double[] seconds) {
    String operation = args.path("operation").asText();
    if (operation.equals("submit")) {
      String id = "j-" + String.format("%012d", ++next);
      ObjectNode result = trials.result(args.path("config"), seconds);
      double timeout = Double.parseDouble(args.path("timeout").asText().replace("s", ""));
      if (seconds[0] + 3 > timeout) {
        seconds[0] = timeout;
        result = null; // stopped by its timeout before it wrote a result
      }
      results.put(id, result);
      return ok(
          call,
          "queued as job number " + next,
          FakeTrials.JSON.createObjectNode().put("id", id).put("executor", "local"));
    }
    String id = args.path("id").asText();
    ObjectNode result = results.get(id);
    ObjectNode status = FakeTrials.JSON.createObjectNode().put("id", id);
    if (result == null) {
      status.put("state", "timed_out");
    } else {
      status.put("state", result.path("status").asText().equals("ok") ? "succeeded" : "failed");
      status.set("result", result);
    }
    return ok(call, "the job is over", status);
  }

  private static ToolResultMessage ok(ToolCall call, String content, JsonNode details) {
    return new ToolResultMessage(call.id(), call.name(), content, false, details);
  }
}
