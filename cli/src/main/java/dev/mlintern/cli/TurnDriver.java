package dev.mlintern.cli;

import dev.mlintern.core.AgentSession;
import dev.mlintern.core.ApprovalReply;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Waits for a turn on the command's own thread while answering approvals from the person's input:
 * {@code y} approves, {@code e JSON} approves with edited arguments, {@code n FEEDBACK} (or end of
 * input) rejects with feedback the model reads. The session's listener only queues asks, so the
 * loop never waits on a terminal.
 */
final class TurnDriver implements Consumer<Event> {
  private final BlockingQueue<AgentEvent.ApprovalRequested> asks = new LinkedBlockingQueue<>();
  private final LineSource input;
  private final PrintWriter err;

  TurnDriver(LineSource input, PrintWriter err) {
    this.input = input;
    this.err = err;
  }

  @Override
  public void accept(Event event) {
    if (event.body() instanceof AgentEvent.ApprovalRequested ask) {
      asks.add(ask);
    }
  }

  AgentEvent.TurnComplete await(
      AgentSession session, CompletableFuture<AgentEvent.TurnComplete> turn) {
    return await(session, turn, Instant.MAX);
  }

  /**
   * Answers asks until the turn completes; a turn still running at {@code deadline} is interrupted
   * and reported as stopped by its time budget.
   */
  AgentEvent.TurnComplete await(
      AgentSession session, CompletableFuture<AgentEvent.TurnComplete> turn, Instant deadline) {
    try {
      while (true) {
        AgentEvent.ApprovalRequested ask = asks.poll(50, TimeUnit.MILLISECONDS);
        if (ask != null) {
          session.reply(answer(ask));
        } else if (turn.isDone()) {
          return turn.join();
        } else if (Instant.now().isAfter(deadline)) {
          session.interrupt();
          return new AgentEvent.TurnComplete(
              "time_budget", "stopped at the end of its time budget", null);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      session.interrupt();
      return turn.join();
    }
  }

  private ApprovalReply answer(AgentEvent.ApprovalRequested ask) {
    err.println(
        "? approval needed: " + ask.name() + " " + TerminalRenderer.preview(ask.arguments()));
    if (ask.reason() != null && !ask.reason().isBlank()) {
      err.println("  because: " + ask.reason());
    }
    if (ask.estimatedUsd() != null) {
      err.printf("  estimated cost: $%.2f%n", ask.estimatedUsd());
    }
    while (true) {
      String line = input.readAnswer("  [y]es / [n]o FEEDBACK / [e]dit JSON > ");
      if (line == null) {
        err.println();
        return ApprovalReply.reject(
            ask.id(),
            "Not approved: no one is at the terminal to approve (rerun with --yes to auto-approve).");
      }
      String answer = line.strip();
      if (answer.equalsIgnoreCase("y") || answer.equalsIgnoreCase("yes")) {
        return ApprovalReply.approve(ask.id());
      }
      if (answer.startsWith("e ") || answer.startsWith("edit ")) {
        return ApprovalReply.approveEdited(
            ask.id(), answer.substring(answer.indexOf(' ') + 1).strip());
      }
      if (answer.equalsIgnoreCase("n") || answer.equalsIgnoreCase("no")) {
        return ApprovalReply.reject(ask.id(), "The person rejected this call.");
      }
      if (answer.startsWith("n ") || answer.startsWith("no ")) {
        return ApprovalReply.reject(ask.id(), answer.substring(answer.indexOf(' ') + 1).strip());
      }
      err.println("  answer y, n FEEDBACK, or e {\"edited\": \"arguments\"}");
    }
  }
}
