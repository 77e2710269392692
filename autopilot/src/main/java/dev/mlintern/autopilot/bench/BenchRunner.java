package dev.mlintern.autopilot.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.mlintern.autopilot.AutopilotException;
import dev.mlintern.core.AgentConfig;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.SessionHook;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.AssistantMessage;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.store.SessionStore;
import dev.mlintern.core.tool.Tool;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs one bench task through a normal agent session (any model, the same tools, policy and store
 * as an interactive run). The task's training and test files (never its answers) are staged into
 * the session workspace as data/train.csv and data/test.csv, so every tool reaches them inside its
 * confinement. It collects the fixed outputs in {@code out}: {@code submission.csv}, {@code
 * report.html}, {@code report.md} and {@code result.json}. What was chosen and its validation score
 * are read from the session's {@code report} call, so an LLM-driven run is summarized exactly like
 * an autopilot run. The session ends at the budget plus max(5%, 5 s) at the latest; however it ends
 * (done, out of time, an error, Ctrl-C) its hooks run, so the jobs it started are cancelled.
 */
public final class BenchRunner {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ChatModel model;
  private final List<? extends Tool<?>> tools;
  private final SessionStore store;
  private final Clock clock;
  private final List<SessionHook> hooks;
  private final PrintWriter err;

  /**
   * @param hooks run when the session ends, e.g. the compute module's cancelling of the session's
   *     jobs
   */
  public BenchRunner(
      ChatModel model,
      List<? extends Tool<?>> tools,
      List<SessionHook> hooks,
      SessionStore store,
      Clock clock,
      PrintWriter err) {
    this.model = model;
    this.tools = List.copyOf(tools);
    this.hooks = List.copyOf(hooks);
    this.store = store;
    this.clock = clock;
    this.err = err;
  }

  public BenchResult run(BenchTask task, Duration budget, Path out, String reproduce) {
    Instant start = clock.instant();
    Path workspace = out.resolve("workspace");
    try {
      Files.createDirectories(workspace.resolve("data"));
      Files.deleteIfExists(workspace.resolve("submission.csv"));
      Files.copy(
          task.train(), workspace.resolve(BenchPrompt.TRAIN), StandardCopyOption.REPLACE_EXISTING);
      Files.copy(
          task.test(), workspace.resolve(BenchPrompt.TEST), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String prompt = BenchPrompt.of(task, budget) + "reproduce with: " + reproduce + "\n";
    Duration grace = Duration.ofMillis(Math.max(5000, budget.toMillis() / 20));
    Duration hardStop = budget.plus(grace);
    AgentConfig config =
        AgentConfig.defaults()
            .withMaxIterations(2000)
            .withAutoApprove(true)
            .withTimeBudget(hardStop);
    AgentEvent.TurnComplete done;
    List<Message> conversation;
    AgentSession.Builder builder =
        AgentSession.builder(model, store)
            .tools(tools)
            .workspace(workspace)
            .config(config)
            .clock(clock)
            .listener(new BenchProgress(err, clock, budget));
    hooks.forEach(builder::hook);
    try (AgentSession session = builder.start(prompt)) {
      Thread interrupted = new Thread(session::close, "bench-interrupted");
      Runtime.getRuntime().addShutdownHook(interrupted);
      try {
        done = session.currentTurn().get(hardStop.toMillis() + 2000, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        session.close(); // stops the turn and cancels its jobs; what it wrote so far counts
        done =
            new AgentEvent.TurnComplete(
                "time_budget", "stopped at the end of its time budget", null);
      } finally {
        removeShutdownHook(interrupted);
      }
      conversation = session.conversation();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AutopilotException(AutopilotException.Kind.RUN_FAILED, "interrupted", e);
    } catch (ExecutionException e) {
      throw new AutopilotException(
          AutopilotException.Kind.RUN_FAILED, "the bench session did not finish: " + e, e);
    }
    Path submission = workspace.resolve("submission.csv");
    if (!Files.isRegularFile(submission)) {
      throw new AutopilotException(
          AutopilotException.Kind.RUN_FAILED,
          "the run ended ("
              + done.reason()
              + ": "
              + done.summary()
              + ") without writing submission.csv");
    }
    copy(submission, out.resolve("submission.csv"));
    for (String name : List.of("report.html", "report.md")) {
      if (Files.isRegularFile(workspace.resolve(name))) {
        copy(workspace.resolve(name), out.resolve(name));
      }
    }
    JsonNode report = lastCall(conversation, "report");
    JsonNode chosen = report.path("chosen");
    JsonNode config2 = parseConfig(chosen.path("config"));
    int trials =
        (int)
            conversation.stream()
                .filter(AssistantMessage.class::isInstance)
                .flatMap(m -> ((AssistantMessage) m).toolCalls().stream())
                .filter(c -> c.name().equals("jobs") && c.arguments().contains("\"submit\""))
                .count();
    double seconds = Duration.between(start, clock.instant()).toMillis() / 1000.0;
    BenchResult result =
        new BenchResult(
            task.name(),
            task.metric().label(),
            model.name(),
            chosen.path("score").asDouble(Double.NaN),
            chosen.path("std").asDouble(Double.NaN),
            chosen.path("recipe").asText(""),
            config2,
            trials,
            seconds,
            out);
    try {
      Files.writeString(out.resolve("result.json"), result.toJson().toPrettyString() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  private static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down: the hook is running and closes the session
    }
  }

  private static JsonNode parseConfig(JsonNode config) {
    if (config.isTextual()) {
      try {
        return JSON.readTree(config.asText());
      } catch (IOException e) {
        return config;
      }
    }
    return config.isMissingNode() ? JSON.createObjectNode() : config;
  }

  private static JsonNode lastCall(List<Message> conversation, String tool) {
    JsonNode found = MissingNode.getInstance();
    for (Message m : conversation) {
      if (m instanceof AssistantMessage a) {
        for (ToolCall call : a.toolCalls()) {
          if (call.name().equals(tool)) {
            try {
              found = JSON.readTree(call.arguments());
            } catch (IOException e) {
              // a malformed call was answered with an error; keep the last good one
            }
          }
        }
      }
    }
    return found;
  }

  private static void copy(Path from, Path to) {
    try {
      Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
