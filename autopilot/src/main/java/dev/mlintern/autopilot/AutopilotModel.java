package dev.mlintern.autopilot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.autopilot.goal.Goal;
import dev.mlintern.autopilot.goal.GoalReader;
import dev.mlintern.autopilot.goal.SessionFacts;
import dev.mlintern.autopilot.goal.Understanding;
import dev.mlintern.autopilot.llm.AdditionGoal;
import dev.mlintern.autopilot.llm.PostTrainingPilot;
import dev.mlintern.autopilot.search.Planner;
import dev.mlintern.autopilot.search.TaskBrief;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.model.UserMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded offline brain, model spec {@code autopilot}: it answers a conversation with tool
 * calls the way an LLM would, but decides them with a fixed research procedure (audit, baselines,
 * successive-halving search, diagnosis, validation on unseen rows, multi-seed refit, report), each
 * trial a job of the tabular recipe, within the task's time budget. It keeps no state beyond the
 * clock its run started at: each call re-derives where the run stands from the transcript, so a
 * resumed session continues. With the same seed and the same number of trials ({@code maxTrials})
 * the result is the same.
 */
public final class AutopilotModel implements ChatModel {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Planner planner;
  private final PostTrainingPilot postTraining = new PostTrainingPilot();
  private final Clock clock;
  private final Map<String, Instant> starts = new ConcurrentHashMap<>();

  /**
   * @param seed seeds the search order, the validation cut and every model
   * @param parallel trials issued at once; match the executor's concurrency limit
   * @param maxTrials search trials at most, 0 for as many as the time budget allows
   */
  public AutopilotModel(long seed, int parallel, int maxTrials, Clock clock) {
    this.planner = new Planner(seed, parallel, maxTrials);
    this.clock = clock;
  }

  /**
   * Reads {@code autopilot.seed}, {@code autopilot.parallel} and {@code autopilot.max_trials}
   * (defaults 0, 2, 0).
   */
  public static AutopilotModel fromSettings(Settings settings) {
    return new AutopilotModel(
        Long.parseLong(settings.get("autopilot.seed", "0")),
        Integer.parseInt(settings.get("autopilot.parallel", "2")),
        Integer.parseInt(settings.get("autopilot.max_trials", "0")),
        Clock.systemUTC());
  }

  @Override
  public ChatResponse generate(ChatRequest request) {
    List<String> said =
        request.messages().stream()
            .filter(UserMessage.class::isInstance)
            .map(m -> ((UserMessage) m).text())
            .toList();
    SessionFacts facts = SessionFacts.read(request.system());
    if (!said.isEmpty() && AdditionGoal.asks(said.get(0))) {
      return postTraining.next(
          request, facts.outputs(), GoalReader.budgetSeconds(said.get(0), facts));
    }
    // The first message is the goal; when it left something to ask, the next ones complete it.
    // Messages after that (the loop's own nudges, later chat) do not change the brief or its clock.
    String task = "";
    Understanding understanding = new Understanding.Question("What should the autopilot train?");
    for (String message : said) {
      task = task.isEmpty() ? message : task + "\n" + message;
      understanding = GoalReader.understand(task, facts);
      if (understanding instanceof Understanding.Understood) {
        break;
      }
    }
    if (!(understanding instanceof Understanding.Understood understood)) {
      return ChatResponse.text(understanding.message());
    }
    TaskBrief brief = understood.goal().brief(facts.outputs());
    Instant start = starts.computeIfAbsent(task, k -> clock.instant());
    double elapsed = Duration.between(start, clock.instant()).toMillis() / 1000.0;
    Planner.Decision decision = planner.next(request, brief, elapsed);
    if (decision.calls().isEmpty()) {
      return ChatResponse.text(decision.text());
    }
    List<ToolCall> calls =
        decision.calls().stream().map(c -> withThreshold(c, understood.goal())).toList();
    String names =
        String.join(
            ", ",
            calls.stream()
                .map(c -> c.name().equals("jobs") ? jobName(c.arguments()) : c.name())
                .toList());
    return new ChatResponse("Next: " + names, calls, StopReason.TOOL_USE, Usage.ZERO, List.of());
  }

  /**
   * The report call, told the threshold the goal asked to reach, so it can say whether it was met.
   */
  private static ToolCall withThreshold(ToolCall call, Goal goal) {
    if (!call.name().equals("report") || goal.threshold() == null) {
      return call;
    }
    try {
      ObjectNode args = (ObjectNode) JSON.readTree(call.arguments());
      args.putObject("threshold")
          .put("metric", goal.threshold().metric())
          .put("value", goal.threshold().value())
          .put("higherIsBetter", goal.threshold().higherIsBetter());
      return new ToolCall(call.id(), call.name(), args.toString());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the autopilot wrote a report call that is not JSON", e);
    }
  }

  private static String jobName(String arguments) {
    int at = arguments.indexOf("\"trial\":\"");
    return at < 0 ? "jobs" : "trial " + arguments.substring(at + 9, arguments.indexOf('"', at + 9));
  }

  /**
   * Effectively unbounded: compaction would drop the transcript the autopilot derives its state
   * from.
   */
  @Override
  public int contextWindow() {
    return 1_000_000_000;
  }

  @Override
  public String name() {
    return "autopilot";
  }
}
