package dev.mlintern.cli;

import dev.mlintern.core.AgentSession;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import java.io.InputStream;
import java.io.PrintWriter;
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
  private final TerminalRenderer renderer;
  private volatile String lastText;

  HeadlessTurn(InputStream stdin, PrintWriter out, PrintWriter err, boolean json) {
    this.driver = new TurnDriver(LineSource.of(stdin, err), err);
    this.renderer = new TerminalRenderer(out, err, json);
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
    Interrupts.onInterrupt(session::interrupt);
    return driver.await(session, turn);
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
