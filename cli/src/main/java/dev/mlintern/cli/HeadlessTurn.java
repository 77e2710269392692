package dev.mlintern.cli;

import dev.mlintern.autopilot.bench.BenchProgress;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import java.io.InputStream;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * One headless turn, as {@code run} and {@code resume} drive it: events rendered for the terminal
 * (or as JSON), approvals answered from stdin, Ctrl-C interrupting the turn, the session ended
 * afterwards. Exit 0 when the turn completes, 130 when interrupted, 1 when it stops on an error or
 * a limit.
 */
final class HeadlessTurn {
  private final TurnDriver driver;
  private final Consumer<Event> renderer;
  private final ProgressLine progress;
  private final PrintWriter err;
  private volatile String lastText;

  HeadlessTurn(InputStream stdin, PrintWriter out, PrintWriter err, boolean json) {
    this(stdin, out, err, json, null);
  }

  /**
   * @param bar the progress line kept under the event lines (a terminal, not JSON), or null
   */
  HeadlessTurn(
      InputStream stdin, PrintWriter out, PrintWriter err, boolean json, BenchProgress bar) {
    this.driver = new TurnDriver(LineSource.of(stdin, err), err);
    TerminalRenderer lines = new TerminalRenderer(out, err, json);
    this.progress = bar == null ? null : new ProgressLine(lines, bar, err);
    this.renderer = progress == null ? lines : progress;
    this.err = err;
  }

  /** A line of the command's own on stderr (above the progress line, if any). */
  void say(String line) {
    if (progress != null) {
      progress.say(line);
    } else {
      err.println(line);
      err.flush();
    }
  }

  /** The session listener: render, and queue approvals for {@link #finish}. */
  Consumer<Event> listener() {
    return event -> {
      if (event.body() instanceof AgentEvent.AssistantMessage message
          && message.text() != null
          && !message.text().isBlank()) {
        lastText = message.text();
      }
      renderer.accept(event);
      driver.accept(event);
    };
  }

  /** Waits for the turn, answering approvals; Ctrl-C interrupts it. The session stays open. */
  AgentEvent.TurnComplete await(
      AgentSession session, CompletableFuture<AgentEvent.TurnComplete> turn) {
    return await(session, turn, Instant.MAX);
  }

  /** As {@link #await}, stopping the turn at {@code deadline} (reason {@code time_budget}). */
  AgentEvent.TurnComplete await(
      AgentSession session, CompletableFuture<AgentEvent.TurnComplete> turn, Instant deadline) {
    Interrupts.onInterrupt(session::interrupt);
    AgentEvent.TurnComplete done = driver.await(session, turn, deadline);
    if (progress != null) {
      progress.end();
    }
    return done;
  }

  /** Waits for the turn, then ends the session; the exit code as {@link #exitCode}. */
  int finish(AgentSession session, CompletableFuture<AgentEvent.TurnComplete> turn) {
    AgentEvent.TurnComplete done = await(session, turn);
    session.close();
    return exitCode(done);
  }

  /** The text of the last assistant message with any, the run's closing words. */
  String lastText() {
    return lastText;
  }

  static int exitCode(AgentEvent.TurnComplete done) {
    if (done == null) {
      return 1;
    }
    return switch (done.reason()) {
      case "done" -> 0;
      case "interrupted" -> 130;
      default -> 1;
    };
  }
}
