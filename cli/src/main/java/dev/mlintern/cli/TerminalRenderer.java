package dev.mlintern.cli;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.event.EventJson;
import java.io.PrintWriter;
import java.util.function.Consumer;

/**
 * Renders session events for a terminal. Human mode streams the assistant's text to stdout (the
 * result) and everything else — tool calls, results, plans, jobs, warnings — to stderr; JSON mode
 * prints one event per line on stdout, the fixed event contract.
 */
final class TerminalRenderer implements Consumer<Event> {
  private static final int PREVIEW = 160;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private boolean midLine;

  TerminalRenderer(PrintWriter out, PrintWriter err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  @Override
  public synchronized void accept(Event event) {
    if (json) {
      out.println(EventJson.toJson(event));
      out.flush();
      return;
    }
    AgentEvent body = event.body();
    if (body instanceof AgentEvent.AssistantDelta delta) {
      if (delta.reset()) {
        endLine();
        err.println("· (answer restarted after a retry)");
        err.flush();
      }
      out.print(delta.text());
      out.flush();
      midLine = !delta.text().endsWith("\n");
      return;
    }
    if (body instanceof AgentEvent.AssistantMessage) {
      endLine();
      return;
    }
    String line = describe(body);
    if (line != null) {
      endLine();
      err.println(line);
      err.flush();
    }
  }

  private void endLine() {
    if (midLine) {
      out.println();
      out.flush();
      midLine = false;
    }
  }

  static String describe(AgentEvent body) {
    if (body instanceof AgentEvent.SessionStarted s) {
      return "· session started (" + s.model() + "), workspace " + s.workspace();
    } else if (body instanceof AgentEvent.ToolCall c) {
      return "→ " + c.name() + " " + preview(c.arguments());
    } else if (body instanceof AgentEvent.ToolResult r) {
      return (r.isError() ? "✗ " : "← ") + r.name() + ": " + preview(r.content());
    } else if (body instanceof AgentEvent.ApprovalResolved a) {
      return "· approval "
          + a.outcome()
          + (a.feedback() == null ? "" : ": " + preview(a.feedback()));
    } else if (body instanceof AgentEvent.PlanUpdated p) {
      StringBuilder plan = new StringBuilder("· plan");
      for (AgentEvent.PlanItem item : p.items()) {
        String mark =
            switch (item.status()) {
              case "completed" -> "[x]";
              case "in_progress" -> "[~]";
              default -> "[ ]";
            };
        plan.append("\n    ").append(mark).append(' ').append(item.content());
      }
      return plan.toString();
    } else if (body instanceof AgentEvent.JobSubmitted j) {
      return "· job " + j.jobId() + " submitted on " + j.executor();
    } else if (body instanceof AgentEvent.JobStatus j) {
      return "· job "
          + j.jobId()
          + " "
          + j.state()
          + (j.message() == null ? "" : ": " + preview(j.message()));
    } else if (body instanceof AgentEvent.Metric m) {
      return "· metric "
          + m.name()
          + "="
          + m.value()
          + (m.step() == null ? "" : " @" + m.step())
          + (m.split() == null ? "" : " (" + m.split() + ")");
    } else if (body instanceof AgentEvent.Spend s) {
      return String.format(
          java.util.Locale.ROOT,
          "· spent $%.2f%s",
          s.usd(),
          s.note() == null ? "" : " (" + s.note() + ")");
    } else if (body instanceof AgentEvent.Compaction c) {
      return "· context compacted: " + c.tokensBefore() + " → " + c.tokensAfter() + " tokens";
    } else if (body instanceof AgentEvent.BudgetWarning b) {
      return "! budget "
          + b.kind()
          + " at "
          + Math.round(100 * b.used() / Math.max(b.limit(), 1e-9))
          + "%";
    } else if (body instanceof AgentEvent.Error e) {
      return "! " + e.kind() + ": " + e.message();
    } else if (body instanceof AgentEvent.TurnComplete t) {
      return "· turn complete ("
          + t.reason()
          + ")"
          + (t.summary() == null || t.summary().isBlank() ? "" : ": " + t.summary());
    } else if (body instanceof AgentEvent.ModelChanged m) {
      return "· model: " + m.from() + " → " + m.to();
    } else if (body instanceof AgentEvent.UserMessage u && "guard".equals(u.origin())) {
      return "· guard: " + preview(u.text());
    }
    return null;
  }

  static String preview(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= PREVIEW ? flat : flat.substring(0, PREVIEW) + "…";
  }
}
