package dev.mlintern.core;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.core.tool.UntrustedText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tool calls of one model answer. First each call is checked ({@link CallValidator}) and
 * decided ({@link Policy}, waiting for approvals in order); then the runnable ones execute,
 * consecutive read-only calls in parallel and the rest one by one. A {@code tool_call} event is
 * recorded before a call runs and its {@code tool_result} after, so a crash in between is visible
 * on resume. Returns one result per call, in order.
 */
final class ToolRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ToolRunner.class);
  static final String NOT_RUN =
      "Interrupted before it ran: the user stopped the turn. Nothing was executed.";
  static final String STOPPED_RUNNING =
      "Interrupted while it was running; it may have partly completed."
          + " Check its effects before calling it again.";
  private static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(3);

  /** A call cleared to run. */
  private record Cleared(
      ToolCall call,
      Tool<Object> tool,
      Object input,
      Set<Effect> effects,
      String arguments,
      String decision,
      String note,
      OptionalDouble spend) {}

  private final CallValidator validator;
  private final Policy policy;
  private final Approvals approvals;
  private final OutputLimiter limiter;
  private final Recorder recorder;
  private final Budget budget;
  private final ExecutorService executor;
  private final AtomicBoolean cancelled;
  private final Secrets secrets;
  private final Path workspace;

  ToolRunner(
      CallValidator validator,
      Policy policy,
      Approvals approvals,
      OutputLimiter limiter,
      Recorder recorder,
      Budget budget,
      ExecutorService executor,
      AtomicBoolean cancelled,
      Secrets secrets,
      Path workspace) {
    this.validator = validator;
    this.policy = policy;
    this.approvals = approvals;
    this.limiter = limiter;
    this.recorder = recorder;
    this.budget = budget;
    this.executor = executor;
    this.cancelled = cancelled;
    this.secrets = secrets;
    this.workspace = workspace;
  }

  List<ToolResultMessage> run(ChatResponse response, TurnState turn) {
    List<ToolCall> calls = response.toolCalls();
    ToolResultMessage[] results = new ToolResultMessage[calls.size()];
    Cleared[] runnable = new Cleared[calls.size()];
    for (int i = 0; i < calls.size(); i++) {
      if (cancelled.get()) {
        results[i] = notRun(calls.get(i), "interrupted", NOT_RUN, turn);
        continue;
      }
      Object decided = decide(calls.get(i), response, turn);
      if (decided instanceof ToolResultMessage result) {
        results[i] = result;
      } else {
        runnable[i] = (Cleared) decided;
      }
    }
    for (int i = 0; i < calls.size(); ) {
      int end = i + 1;
      if (runnable[i] != null && readOnly(runnable[i])) {
        while (end < calls.size() && runnable[end] != null && readOnly(runnable[end])) {
          end++;
        }
      }
      if (runnable[i] != null) {
        execute(runnable, results, i, end, turn);
      }
      i = end;
    }
    return List.of(results);
  }

  private static boolean readOnly(Cleared r) {
    return r.effects().equals(Set.of(Effect.READ));
  }

  private Object decide(ToolCall call, ChatResponse response, TurnState turn) {
    CallValidator.Checked checked = validator.check(call, response.stopReason());
    if (checked.error() != null) {
      return notRun(call, "invalid", checked.error(), turn);
    }
    Set<Effect> effects = checked.tool().effects(checked.input());
    OptionalDouble usd = checked.tool().estimateUsd(checked.input());
    Policy.Decision decision = policy.decide(effects, usd, turn.untrusted);
    switch (decision.verdict()) {
      case REFUSE -> {
        recorder.record(
            new AgentEvent.ApprovalResolved(
                call.id(), "refused", call.arguments(), decision.reason()));
        return notRun(
            call,
            "refused",
            "Refused by policy: " + decision.reason() + ". The call was not run.",
            turn);
      }
      case RUN -> {
        boolean auto = !decision.reason().isEmpty();
        if (auto) {
          recorder.record(
              new AgentEvent.ApprovalResolved(
                  call.id(), "approved", call.arguments(), decision.reason()));
        }
        return new Cleared(
            call,
            checked.tool(),
            checked.input(),
            effects,
            call.arguments(),
            auto ? "auto_approved" : "run",
            "",
            usd);
      }
      default -> {
        String note = checked.tool().approvalNote(checked.input());
        String reason = note.isEmpty() ? decision.reason() : decision.reason() + "; " + note;
        return ask(call, checked, effects, usd, reason, turn);
      }
    }
  }

  private Object ask(
      ToolCall call,
      CallValidator.Checked checked,
      Set<Effect> effects,
      OptionalDouble usd,
      String reason,
      TurnState turn) {
    var waiting = approvals.expect(call.id());
    recorder.record(
        new AgentEvent.ApprovalRequested(
            call.id(),
            call.name(),
            call.arguments(),
            reason,
            usd.isPresent() ? usd.getAsDouble() : null));
    ApprovalReply reply = null;
    try {
      while (reply == null && !cancelled.get()) {
        try {
          reply = waiting.get(20, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          // poll the interrupt flag
        } catch (InterruptedException | ExecutionException e) {
          break;
        }
      }
    } finally {
      approvals.done(call.id());
    }
    if (reply == null) {
      return notRun(call, "interrupted", NOT_RUN, turn);
    }
    switch (reply.outcome()) {
      case REJECT -> {
        recorder.record(
            new AgentEvent.ApprovalResolved(call.id(), "rejected", null, reply.feedback()));
        String feedback =
            reply.feedback() == null || reply.feedback().isBlank()
                ? ""
                : " Their feedback: " + reply.feedback().strip();
        return notRun(
            call,
            "rejected",
            "The user rejected this call; it was not run."
                + feedback
                + " Do not repeat it unchanged.",
            turn);
      }
      case APPROVE_EDITED -> {
        recorder.record(
            new AgentEvent.ApprovalResolved(call.id(), "approved_edited", reply.arguments(), null));
        CallValidator.Checked edited = validator.decode(checked.tool(), reply.arguments());
        if (edited.error() != null) {
          return notRun(
              call,
              "invalid",
              "The user edited the arguments before approving, but the edited arguments"
                  + " are invalid: "
                  + edited.error(),
              turn);
        }
        Set<Effect> newEffects = edited.tool().effects(edited.input());
        OptionalDouble newUsd = edited.tool().estimateUsd(edited.input());
        Policy.Decision again = policy.decide(newEffects, newUsd, false);
        if (again.verdict() == Policy.Verdict.REFUSE) {
          return notRun(
              call,
              "refused",
              "Refused by policy: " + again.reason() + ". The call was not run.",
              turn);
        }
        return new Cleared(
            call,
            edited.tool(),
            edited.input(),
            newEffects,
            reply.arguments(),
            "approved_edited",
            "The user edited the arguments before approving; the call ran with: "
                + reply.arguments()
                + "\n",
            newUsd);
      }
      default -> {
        recorder.record(
            new AgentEvent.ApprovalResolved(call.id(), "approved", call.arguments(), null));
        return new Cleared(
            call, checked.tool(), checked.input(), effects, call.arguments(), "approved", "", usd);
      }
    }
  }

  private void execute(
      Cleared[] runnable, ToolResultMessage[] results, int from, int to, TurnState turn) {
    List<Future<ToolResult>> futures = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Cleared r = runnable[i];
      if (cancelled.get()) {
        futures.add(null);
        continue;
      }
      Double estimate = r.spend().isPresent() ? r.spend().getAsDouble() : null;
      recorder.record(
          new AgentEvent.ToolCall(
              r.call().id(), r.call().name(), r.arguments(), r.decision(), estimate));
      if (estimate != null) {
        budget.charge(r.call().id(), estimate);
      }
      ToolContext context =
          new ToolContext(
              recorder.sessionId(),
              r.call().id(),
              workspace,
              this::fromTool,
              secrets,
              cancelled::get);
      futures.add(executor.submit(() -> r.tool().call(r.input(), context)));
    }
    for (int i = from; i < to; i++) {
      Future<ToolResult> future = futures.get(i - from);
      results[i] =
          future == null
              ? notRun(runnable[i].call(), "interrupted", NOT_RUN, turn)
              : collect(runnable[i], future, turn);
    }
  }

  private ToolResultMessage collect(Cleared r, Future<ToolResult> future, TurnState turn) {
    long cancelledAt = 0;
    while (true) {
      try {
        ToolResult result = future.get(20, TimeUnit.MILLISECONDS);
        String content = result.content();
        if (result.untrusted()) {
          turn.untrusted = true;
          if (!content.contains(UntrustedText.WARNING)) {
            content = UntrustedText.wrap(r.call().name(), content);
          }
        }
        return finish(
            r.call(), r.note() + content, false, result.details(), result.untrusted(), turn);
      } catch (TimeoutException e) {
        if (cancelled.get()) {
          cancelledAt = cancelledAt == 0 ? System.nanoTime() : cancelledAt;
          if (System.nanoTime() - cancelledAt > GRACE_NANOS) {
            future.cancel(true);
            return finish(r.call(), STOPPED_RUNNING, true, null, turn);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return finish(r.call(), STOPPED_RUNNING, true, null, turn);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof ToolException) {
          return finish(r.call(), r.note() + cause.getMessage(), true, null, turn);
        }
        String what =
            cause.getClass().getSimpleName()
                + ": "
                + secrets.redact(String.valueOf(cause.getMessage()));
        LOG.warn("tool {} failed unexpectedly: {}", r.call().name(), what);
        recorder.record(
            new AgentEvent.Error("tool_failure", "tool " + r.call().name() + " failed: " + what));
        return finish(
            r.call(),
            "The tool failed unexpectedly ("
                + what
                + "). This is a fault in the tool, not in"
                + " your arguments; try a different approach.",
            true,
            null,
            turn);
      } catch (java.util.concurrent.CancellationException e) {
        return finish(r.call(), STOPPED_RUNNING, true, null, turn);
      }
    }
  }

  private ToolResultMessage notRun(ToolCall call, String decision, String message, TurnState turn) {
    recorder.record(new AgentEvent.ToolCall(call.id(), call.name(), call.arguments(), decision));
    return finish(call, message, true, null, turn);
  }

  /**
   * What tools emit through their context; reports of actual spending go through the budget first.
   */
  private void fromTool(AgentEvent event) {
    recorder.record(event instanceof AgentEvent.Spend spend ? budget.report(spend) : event);
  }

  private ToolResultMessage finish(
      ToolCall call,
      String content,
      boolean isError,
      com.fasterxml.jackson.databind.JsonNode details,
      TurnState turn) {
    return finish(call, content, isError, details, false, turn);
  }

  private ToolResultMessage finish(
      ToolCall call,
      String content,
      boolean isError,
      com.fasterxml.jackson.databind.JsonNode details,
      boolean untrusted,
      TurnState turn) {
    OutputLimiter.Limited limited = limiter.limit(call.id(), content);
    recorder.record(
        new AgentEvent.ToolResult(
            call.id(),
            call.name(),
            limited.content(),
            isError,
            limited.fullOutput(),
            details,
            untrusted));
    turn.toolCalls++;
    return new ToolResultMessage(call.id(), call.name(), limited.content(), isError, details);
  }
}
