package dev.mlintern.autopilot.bench;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A one-line progress bar on stderr for a bench run: time used of the budget, trials started, the
 * latest call. It listens to the session's events like any other UI; {@code run} in a terminal
 * keeps the same line under its event lines with {@link #count} and {@link #draw}.
 */
public final class BenchProgress implements Consumer<Event> {
  private static final int WIDTH = 24;
  private final PrintWriter err;
  private final Clock clock;
  private final Instant start;
  private final Duration budget;
  private int trials;
  private String last = "starting";

  public BenchProgress(PrintWriter err, Clock clock, Duration budget) {
    this(err, clock, clock.instant(), budget);
  }

  /**
   * @param start when the budget's time started to count
   * @param budget the time the bar fills over; zero for a run without one (time used only)
   */
  public BenchProgress(PrintWriter err, Clock clock, Instant start, Duration budget) {
    this.err = err;
    this.clock = clock;
    this.start = start;
    this.budget = budget;
  }

  @Override
  public synchronized void accept(Event event) {
    count(event);
    if (event.body() instanceof AgentEvent.ToolCall
        || event.body() instanceof AgentEvent.ToolResult) {
      draw();
    } else if (event.body() instanceof AgentEvent.TurnComplete) {
      err.println();
      err.flush();
    }
  }

  /** Takes note of a call (the latest call, trials started) without drawing. */
  public synchronized void count(Event event) {
    if (event.body() instanceof AgentEvent.ToolCall call) {
      last =
          call.name().equals("jobs")
              ? "jobs "
                  + field(call.arguments(), "operation")
                  + " "
                  + field(call.arguments(), "trial")
                  + field(call.arguments(), "id")
              : call.name();
      if (call.name().equals("jobs") && field(call.arguments(), "operation").equals("submit")) {
        trials++;
      }
    }
  }

  /** Draws the line over the current one: {@code \r}, then the bar, with no line end. */
  public synchronized void draw() {
    double used = Duration.between(start, clock.instant()).toMillis() / 1000.0;
    double fraction = budget.isZero() ? 0 : Math.min(1, used / Math.max(1, budget.toSeconds()));
    int filled = (int) Math.round(fraction * WIDTH);
    String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
    err.printf(
        Locale.ROOT,
        "\r[%s] %4.0fs%s  trials %3d  %-40.40s",
        bar,
        used,
        budget.isZero() ? "" : "/" + budget.toSeconds() + "s",
        trials,
        last);
    err.flush();
  }

  private static String field(String arguments, String key) {
    String marker = "\"" + key + "\":\"";
    int at = arguments.indexOf(marker);
    if (at < 0) {
      return "";
    }
    int start = at + marker.length();
    return arguments.substring(start, Math.max(start, arguments.indexOf('"', start)));
  }
}
