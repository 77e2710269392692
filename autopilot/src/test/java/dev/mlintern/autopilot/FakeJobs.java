package dev.mlintern.autopilot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The compute module's jobs tool and core's write/read tools, simulated over {@link FakeTrials}
 * (written here): submit answers with a job id, wait with the job's end state, read with the
 * numbered lines of its result file.
 */
final class FakeJobs {
  private final FakeTrials trials;
  private final Map<String, ToolResultMessage> results = new HashMap<>();
  private final Map<String, String> paths = new HashMap<>();
  private int next;

  FakeJobs(FakeTrials trials) {
    this.trials = trials;
  }

  ToolResultMessage answer(ToolCall call, double[] seconds) {
    try {
      JsonNode args = FakeTrials.JSON.readTree(call.arguments());
      return switch (call.name()) {
        case "write" -> ok(call, "created " + args.path("path").asText());
        case "diagnose" ->
            ok(call, "error bad_config: the recipe rejected the model\n  try: drop it");
        case "read" -> read(call, args.path("path").asText());
        case "jobs" -> jobs(call, args, seconds);
        default -> ok(call, "ok");
      };
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private ToolResultMessage jobs(ToolCall call, JsonNode args, double[] seconds)
      throws IOException {
    String operation = args.path("operation").asText();
    if (operation.equals("submit")) {
      String id = "j-" + String.format("%012d", ++next);
      ObjectNode trialArgs =
          FakeTrials.JSON
              .createObjectNode()
              .put("name", args.path("config").path("trial_name").asText());
      trialArgs.set("config", args.path("config"));
      results.put(
          id, trials.answer(new ToolCall(call.id(), "trial", trialArgs.toString()), seconds));
      paths.put("trials/" + args.path("config").path("trial_name").asText() + "/result.json", id);
      return ok(
          call,
          "submitted "
              + id
              + " on local; it runs in the background — check it with operation status or wait");
    }
    String id = args.path("id").asText();
    ToolResultMessage result = results.get(id);
    return ok(
        call, id + (result.isError() ? " failed (exit 1)" : " succeeded (exit 0)") + " on local");
  }

  private ToolResultMessage read(ToolCall call, String path) throws IOException {
    ToolResultMessage result = results.get(paths.get(path));
    String json =
        result.isError()
            ? "{\"status\": \"error\", \"metrics\": {}, \"error\": {\"kind\": \"ValueError\", \"message\": \"boom\"}}"
            : FakeTrials.JSON
                .writerWithDefaultPrettyPrinter()
                .writeValueAsString(FakeTrials.JSON.readTree(result.content()));
    StringBuilder numbered = new StringBuilder();
    String[] lines = json.split("\n");
    for (int i = 0; i < lines.length; i++) {
      numbered.append(String.format("%6d\t%s%n", i + 1, lines[i]));
    }
    return ok(call, numbered.toString().stripTrailing());
  }

  private static ToolResultMessage ok(ToolCall call, String content) {
    return new ToolResultMessage(call.id(), call.name(), content, false);
  }
}
