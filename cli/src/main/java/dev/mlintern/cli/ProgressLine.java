package dev.mlintern.cli;

import dev.mlintern.autopilot.bench.BenchProgress;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * The demo's progress line kept at the bottom of a terminal under a run's event lines: erased
 * before an event is rendered and drawn again after it, but not while the assistant's text is
 * streaming (it shares the terminal), while an approval waits for an answer, or once the turn is
 * over.
 */
final class ProgressLine implements Consumer<Event> {
  /** Back to the line's start, then erase to its end (ANSI). */
  private static final String ERASE = "\r\033[K";

  private final Consumer<Event> lines;
  private final BenchProgress bar;
  private final PrintWriter err;
  private boolean streaming;
  private boolean drawn;
  private boolean over;

  ProgressLine(Consumer<Event> lines, BenchProgress bar, PrintWriter err) {
    this.lines = lines;
    this.bar = bar;
    this.err = err;
  }

  @Override
  public synchronized void accept(Event event) {
    erase();
    lines.accept(event);
    bar.count(event);
    AgentEvent body = event.body();
    if (body instanceof AgentEvent.AssistantDelta) {
      streaming = true;
    } else if (body instanceof AgentEvent.AssistantMessage) {
      streaming = false;
    } else if (body instanceof AgentEvent.TurnComplete) {
      over = true;
    }
    if (!(body instanceof AgentEvent.ApprovalRequested)) {
      draw();
    }
  }

  /** A line of the command's own, above the bar. */
  synchronized void say(String line) {
    erase();
    err.println(line);
    err.flush();
    draw();
  }

  /** The turn is over: the bar goes, and stays gone. */
  synchronized void end() {
    erase();
    over = true;
  }

  private void erase() {
    if (drawn) {
      err.print(ERASE);
      err.flush();
      drawn = false;
    }
  }

  private void draw() {
    if (!streaming && !over) {
      bar.draw();
      drawn = true;
    }
  }
}
