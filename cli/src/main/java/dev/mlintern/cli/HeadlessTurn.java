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

  HeadlessTurn(InputStream stdin, PrintWriter out, PrintWriter err, boolean json) {
    this.driver = new TurnDriver(LineSource.of(stdin, err), err);
    this.renderer = new TerminalRenderer(out, err, json);
  }

  /** The session listener: render, and queue approvals for {@link #finish}. */
  Consumer<Event> listener() {
    return event -> {
      renderer.accept(event);
      driver.accept(event);
    };
  }

  int finish(AgentSession session, CompletableFuture<AgentEvent.TurnComplete> turn) {
    Interrupts.onInterrupt(session::interrupt);
    AgentEvent.TurnComplete done = driver.await(session, turn);
    session.close();
    return exitCode(done);
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
