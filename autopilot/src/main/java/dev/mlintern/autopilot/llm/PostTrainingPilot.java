package dev.mlintern.autopilot.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.core.model.AssistantMessage;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.model.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The autopilot's post-training loop for the addition task: prepare the data and a tiny model, warm
 * start on the answer format, evaluate the baseline, SFT, evaluate, a deliberately unstable GRPO
 * run, the {@code diagnose} tool on it, the rerun with its first proposal, the final evaluation and
 * the report. Every stage is a job of a script in {@code recipes/llm} run with the post-training
 * environment's interpreter; like the tabular search it keeps no state and re-derives where the run
 * stands from the transcript (the jobs it submitted, their waits, the diagnosis).
 */
public final class PostTrainingPilot {
  private static final Set<String> ENDED =
      Set.of("succeeded", "failed", "cancelled", "timed_out", "lost");
  private static final String STAGES = "stages/";
  private final PostTrainingPlan plan = PostTrainingPlan.load();

  /** A stage's job as the transcript shows it. */
  private record Job(String id, String error, JsonNode status) {
    boolean ended() {
      return error != null || (status != null && ENDED.contains(status.path("state").asText()));
    }

    boolean succeeded() {
      return error == null && status != null && status.path("state").asText().equals("succeeded");
    }
  }

  /**
   * The next tool calls of the loop, or the closing text when it is done or cannot go on.
   *
   * @param folder where the run's files go, relative to the workspace ("" or ending in '/')
   */
  public ChatResponse next(ChatRequest request, String folder, double budgetSeconds) {
    Map<String, Job> jobs = new LinkedHashMap<>();
    Map<String, JsonNode> diagnoses = new HashMap<>();
    int calls = read(request.messages(), jobs, diagnoses);
    List<ToolCall> out = new ArrayList<>();
    for (Map.Entry<String, Job> e : jobs.entrySet()) {
      Job job = e.getValue();
      if (!job.ended()) {
        ObjectNode args = PostTrainingPlan.JSON.createObjectNode();
        args.put("operation", "wait").put("id", job.id()).put("seconds", 600);
        return respond(out, calls, "jobs", args, "Waiting for " + e.getKey());
      }
      if (!job.succeeded()) {
        return ChatResponse.text(
            "Stopped: stage "
                + e.getKey()
                + (job.error() != null
                    ? " could not start: " + job.error()
                    : " ended " + job.status().path("state").asText() + " (" + job.id() + ")"));
      }
    }
    // each stage writes into the run folder: a job sees the workspace, not other jobs' folders
    Map<String, String> folders = new LinkedHashMap<>();
    jobs.keySet().forEach(name -> folders.put(name, folder + STAGES + name));
    for (PostTrainingPlan.Stage stage : plan.stages()) {
      if (jobs.containsKey(stage.name())) {
        continue;
      }
      JsonNode base = null;
      if (stage.rerun() != null) {
        Job unstable = jobs.get(stage.rerun());
        JsonNode found = diagnoses.get(unstable.id());
        if (found == null) {
          ObjectNode args = PostTrainingPlan.JSON.createObjectNode().put("id", unstable.id());
          return respond(out, calls, "diagnose", args, "Diagnosing " + stage.rerun());
        }
        base = found.path(0).path("nextConfigs").path(0);
        if (base.isMissingNode()) {
          return ChatResponse.text(
              "Stopped: the diagnosis of " + stage.rerun() + " proposed no config to rerun");
        }
      }
      ObjectNode args = PostTrainingPlan.JSON.createObjectNode().put("operation", "submit");
      ArrayNode command =
          args.putArray("command").add("python").add(folder + "recipes/llm/" + stage.script());
      plan.arguments(stage, budgetSeconds).forEach(command::add);
      String output = folder + STAGES + stage.name();
      ObjectNode config;
      if (stage.report()) {
        config = reportConfig(stage, folders, folder);
      } else if (stage.node().has("config")) {
        config = plan.config(stage, base, folders, budgetSeconds).put("output_dir", output);
      } else {
        command.add("--out").add(output);
        config = PostTrainingPlan.JSON.createObjectNode().put("_stage", stage.name());
      }
      args.set("config", config);
      args.put("experiment", "demo-llm")
          .put("timeout", plan.timeoutSeconds(stage, budgetSeconds) + "s");
      return respond(out, calls, "jobs", args, "Starting " + stage.name());
    }
    return ChatResponse.text(closing(jobs, folder));
  }

  private static ObjectNode reportConfig(
      PostTrainingPlan.Stage stage, Map<String, String> folders, String folder) {
    ObjectNode config = PostTrainingPlan.JSON.createObjectNode().put("_stage", stage.name());
    ObjectNode stages = config.putObject("stages");
    folders.forEach(stages::put);
    config.put("out", folder.isEmpty() ? "." : folder);
    return config;
  }

  private static String closing(Map<String, Job> jobs, String folder) {
    JsonNode metrics = jobs.get("eval-final").status().path("result").path("metrics");
    return String.format(
        Locale.ROOT,
        "Done: exact match %.3f after SFT and GRPO against %.3f for the format-only warm start"
            + " (difference %+.3f, 95%% interval ± %.3f); the report is %sreport.html",
        metrics.path("candidate_accuracy").asDouble(),
        metrics.path("baseline_accuracy").asDouble(),
        metrics.path("delta_accuracy").asDouble(),
        metrics.path("delta_accuracy_ci95").asDouble(),
        folder);
  }

  private static ChatResponse respond(
      List<ToolCall> out, int calls, String tool, ObjectNode args, String text) {
    out.add(new ToolCall("ap-" + (calls + 1), tool, args.toString()));
    return new ChatResponse(text, out, StopReason.TOOL_USE, Usage.ZERO, List.of());
  }

  /**
   * Fills {@code jobs} (stage name to its job, in submission order) and {@code diagnoses} (job id
   * to the diagnose tool's findings) from the conversation; returns how many tool calls it holds.
   */
  private static int read(
      List<Message> messages, Map<String, Job> jobs, Map<String, JsonNode> diagnoses) {
    Map<String, ToolResultMessage> results = new HashMap<>();
    for (Message m : messages) {
      if (m instanceof ToolResultMessage r) {
        results.put(r.toolCallId(), r);
      }
    }
    Map<String, String> stageOfJob = new HashMap<>();
    int calls = 0;
    for (Message m : messages) {
      if (!(m instanceof AssistantMessage a)) {
        continue;
      }
      for (ToolCall call : a.toolCalls()) {
        calls++;
        ToolResultMessage r = results.get(call.id());
        if (r == null) {
          continue;
        }
        JsonNode args = parse(call.arguments());
        String operation = args.path("operation").asText();
        if (call.name().equals("jobs") && operation.equals("submit")) {
          String stage = args.path("config").path("_stage").asText();
          String id =
              r.isError() || r.details() == null ? null : r.details().path("id").asText(null);
          jobs.put(stage, new Job(id, id == null ? r.content() : null, null));
          if (id != null) {
            stageOfJob.put(id, stage);
          }
        } else if (call.name().equals("jobs") && operation.equals("wait") && !r.isError()) {
          String stage = stageOfJob.get(args.path("id").asText());
          if (stage != null && r.details() != null) {
            jobs.put(stage, new Job(jobs.get(stage).id(), null, r.details()));
          }
        } else if (call.name().equals("diagnose")) {
          diagnoses.put(
              args.path("id").asText(),
              r.details() != null ? r.details() : PostTrainingPlan.JSON.createArrayNode());
        }
      }
    }
    return calls;
  }

  private static JsonNode parse(String arguments) {
    try {
      return PostTrainingPlan.JSON.readTree(arguments);
    } catch (java.io.IOException e) {
      return PostTrainingPlan.JSON.missingNode();
    }
  }
}
