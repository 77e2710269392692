package dev.mlintern.autopilot;

import dev.mlintern.autopilot.search.Planner;
import dev.mlintern.autopilot.search.TaskBrief;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.model.UserMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
  private final Planner planner;
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
    String task =
        request.messages().stream()
            .filter(UserMessage.class::isInstance)
            .map(m -> ((UserMessage) m).text())
            .findFirst()
            .orElse("");
    Optional<TaskBrief> brief = TaskBrief.parse(task);
    if (brief.isEmpty()) {
      return ChatResponse.text(
          "The autopilot needs a tabular task: give 'training data: PATH' (CSV), 'target: COLUMN'"
              + " and optionally 'test data: PATH', 'id: COLUMN', 'type: classification|regression|text-classification',"
              + " 'metric: accuracy|f1|roc_auc|rmse|rmsle|mae', 'positive: LABEL' and 'time budget: 5m', one per line."
              + " Or run `mlintern bench run TASK_DIR`.");
    }
    Instant start = starts.computeIfAbsent(task, k -> clock.instant());
    double elapsed = Duration.between(start, clock.instant()).toMillis() / 1000.0;
    Planner.Decision decision = planner.next(request, brief.get(), elapsed);
    if (decision.calls().isEmpty()) {
      return ChatResponse.text(decision.text());
    }
    String names =
        String.join(
            ", ",
            decision.calls().stream()
                .map(c -> c.name().equals("jobs") ? jobName(c.arguments()) : c.name())
                .toList());
    return new ChatResponse(
        "Next: " + names, decision.calls(), StopReason.TOOL_USE, Usage.ZERO, List.of());
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
