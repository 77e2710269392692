package dev.mlintern.core;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.AssistantMessage;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.core.secret.Secrets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The loop of one session: per user turn, check limits, compact if needed, ask the model
 * (streaming), apply the guards and the policy, run the tools, record everything. {@link
 * AgentSession} owns it and runs it on the session's thread; this class is not thread-safe beyond
 * {@link #interrupt()}.
 */
final class Agent {
  static final String CONTINUE = "Continue with the task from where you left off.";
  private final ChatModel model;
  private final ContextManager context;
  private final ToolRunner tools;
  private final Recorder recorder;
  private final Budget budget;
  private final Pricing pricing;
  private final Secrets secrets;
  private final Clock clock;
  private final ExecutorService executor;
  private final AtomicBoolean cancelled;
  private final List<Message> conversation;
  private final RepeatGuard repeats = new RepeatGuard();
  private final PlanGuard planGuard = new PlanGuard();
  private final EmptyAnswerGuard emptyGuard = new EmptyAnswerGuard();

  /**
   * Untrusted tool output entered the conversation since the person's last message (carried across
   * turns).
   */
  private boolean untrusted;

  Agent(
      ChatModel model,
      ContextManager context,
      ToolRunner tools,
      Recorder recorder,
      Budget budget,
      Pricing pricing,
      Secrets secrets,
      Clock clock,
      ExecutorService executor,
      AtomicBoolean cancelled,
      List<Message> conversation,
      boolean untrusted) {
    this.untrusted = untrusted;
    this.model = model;
    this.context = context;
    this.tools = tools;
    this.recorder = recorder;
    this.budget = budget;
    this.pricing = pricing;
    this.secrets = secrets;
    this.clock = clock;
    this.executor = executor;
    this.cancelled = cancelled;
    this.conversation = java.util.Collections.synchronizedList(new ArrayList<>(conversation));
  }

  /**
   * Records the user's message and runs the turn it starts; {@code text == null} continues without
   * one.
   */
  AgentEvent.TurnComplete turn(String text) {
    cancelled.set(false);
    repeats.reset();
    if (text != null) {
      untrusted = false;
      addUser(text, "user");
    } else if (conversation.isEmpty()
        || conversation.get(conversation.size() - 1) instanceof AssistantMessage) {
      addUser(CONTINUE, "guard");
    }
    // a turn without a new message (proceed after an interrupt or a resume) continues the same
    // task, so
    // untrusted text from before still counts for the policy
    TurnState turn = new TurnState(clock.instant());
    turn.untrusted = untrusted;
    try {
      return runTurn(turn);
    } finally {
      untrusted = turn.untrusted;
    }
  }

  private AgentEvent.TurnComplete runTurn(TurnState turn) {
    while (true) {
      Optional<Budget.Stop> stop = budget.check(turn, recorder::record);
      if (stop.isPresent()) {
        return complete(
            stop.get().reason(),
            "Stopped: "
                + stop.get().summary()
                + ". "
                + progress(turn)
                + " Raise the limit and resume the session to continue.",
            turn);
      }
      if (cancelled.get()) {
        return complete("interrupted", "Interrupted by the user. " + progress(turn), turn);
      }
      budget.note(turn).ifPresent(context::budgetNote);
      ChatResponse response;
      try {
        ChatRequest request = context.prepare(conversation, turn.forceCompaction);
        turn.forceCompaction = false;
        response = ask(request);
      } catch (ContextManager.ContextFull e) {
        recorder.record(new AgentEvent.Error("context_full", e.getMessage()));
        return complete("context_full", e.getMessage(), turn);
      } catch (ModelException e) {
        if (e.kind() == ModelException.Kind.CONTEXT_TOO_LONG && !turn.overflowRetried) {
          turn.overflowRetried = true;
          turn.forceCompaction = true;
          continue;
        }
        String message = "The model call failed (" + e.kind() + "): " + e.getMessage();
        recorder.record(new AgentEvent.Error("model_" + e.kind().name().toLowerCase(), message));
        return complete("error", message + " " + progress(turn), turn);
      }
      if (response == null) {
        return complete("interrupted", "Interrupted by the user. " + progress(turn), turn);
      }
      turn.overflowRetried = false;
      response = CallIds.unique(response, turn);
      record(response, turn);
      if (response.toolCalls().isEmpty()) {
        Optional<String> nudge =
            EmptyAnswerGuard.empty(response)
                ? emptyGuard.check(turn)
                : planGuard.check(recorder.plan(), turn);
        if (nudge.isPresent()) {
          addUser(nudge.get(), "guard");
          continue;
        }
        return EmptyAnswerGuard.empty(response)
            ? complete(
                "error", "The model returned empty answers; stopping. " + progress(turn), turn)
            : complete("done", response.text(), turn);
      }
      List<ToolResultMessage> results = tools.run(response, turn);
      conversation.addAll(results);
      if (!cancelled.get()) {
        repeats.check(response.toolCalls()).ifPresent(message -> addUser(message, "guard"));
      }
    }
  }

  /** Streams one model answer, turning text deltas into events; null when interrupted. */
  private ChatResponse ask(ChatRequest request) {
    DeltaBuffer deltas = new DeltaBuffer(recorder);
    Future<ChatResponse> call = executor.submit(() -> model.stream(request, deltas));
    try {
      while (true) {
        try {
          ChatResponse response = call.get(20, TimeUnit.MILLISECONDS);
          deltas.finish();
          return response;
        } catch (TimeoutException e) {
          if (cancelled.get()) {
            call.cancel(true);
            deltas.close();
            return null;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      call.cancel(true);
      return null;
    } catch (ExecutionException e) {
      deltas.abandon();
      if (e.getCause() instanceof ModelException m) {
        throw m;
      }
      throw new ModelException(
          ModelException.Kind.BAD_REQUEST,
          "model adapter failed: " + e.getCause(),
          null,
          e.getCause());
    }
  }

  private void record(ChatResponse response, TurnState turn) {
    double usd = pricing.usd(model.name(), response.usage());
    budget.addModel(response.usage(), usd);
    turn.iterations++;
    turn.usage = turn.usage.plus(response.usage());
    turn.usd += usd;
    List<AgentEvent.ToolCallView> views = new ArrayList<>();
    List<ToolCall> redacted = new ArrayList<>();
    for (ToolCall call : response.toolCalls()) {
      views.add(new AgentEvent.ToolCallView(call.id(), call.name(), call.arguments()));
      redacted.add(new ToolCall(call.id(), call.name(), secrets.redact(call.arguments())));
    }
    recorder.record(
        new AgentEvent.AssistantMessage(
            response.text(),
            views,
            response.reasoning(),
            response.stopReason().name().toLowerCase(),
            usage(response.usage(), usd)));
    if (!EmptyAnswerGuard.empty(response)) {
      conversation.add(
          new AssistantMessage(secrets.redact(response.text()), redacted, response.reasoning()));
    }
  }

  private void addUser(String text, String origin) {
    recorder.record(new AgentEvent.UserMessage(text, origin));
    conversation.add(new UserMessage(secrets.redact(text)));
  }

  private AgentEvent.TurnComplete complete(String reason, String summary, TurnState turn) {
    AgentEvent.TurnComplete done =
        new AgentEvent.TurnComplete(reason, summary, usage(turn.usage, turn.usd));
    recorder.record(done);
    return done;
  }

  private String progress(TurnState turn) {
    long open = recorder.plan().stream().filter(i -> !"completed".equals(i.status())).count();
    return "This turn made "
        + turn.iterations
        + " model call"
        + (turn.iterations == 1 ? "" : "s")
        + " and "
        + turn.toolCalls
        + " tool call"
        + (turn.toolCalls == 1 ? "" : "s")
        + (recorder.plan().isEmpty()
            ? "."
            : "; plan: "
                + (recorder.plan().size() - open)
                + " of "
                + recorder.plan().size()
                + " items completed.");
  }

  private static AgentEvent.UsageView usage(dev.mlintern.core.model.Usage u, double usd) {
    return new AgentEvent.UsageView(
        u.inputTokens(), u.outputTokens(), u.cacheReadTokens(), u.cacheWriteTokens(), usd);
  }

  /** Compacts now (the {@code /compact} command), whatever the size. */
  boolean compactNow() {
    return context.compactNow(conversation);
  }

  List<Message> conversation() {
    synchronized (conversation) {
      return List.copyOf(conversation);
    }
  }

  void interrupt() {
    cancelled.set(true);
  }
}
