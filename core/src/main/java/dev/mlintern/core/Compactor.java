package dev.mlintern.core;

import dev.mlintern.core.builtin.PlanTool;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.AssistantMessage;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.TokenEstimate;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.model.UserMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Summarizes the middle of a conversation with the model itself. Keeps the first user message, then
 * one user message holding the summary and the pinned state (plan, ledger summary, key facts — kept
 * outside the transcript so they survive), then the most recent turns verbatim, never separating a
 * tool call from its result.
 */
final class Compactor {
  /** The compacted messages, the summary, and what the summarization call cost. */
  record Result(List<Message> messages, String summary, Usage usage, double usd) {}

  static final String INSTRUCTIONS =
      "You are compacting the working memory of an autonomous ML research agent."
          + " Summarize the conversation below so the agent can continue without it. Keep: the goal and constraints"
          + " the user gave, decisions taken and why, facts found (dataset names, columns, paths, metric values, job"
          + " ids, errors and their causes), files created or changed, what was tried and failed, and the next steps."
          + " Be specific and concise; use short bullet points; do not invent anything.";
  static final int SUMMARY_TOKENS = 2048;
  static final int MAX_MESSAGE_CHARS = 4000;

  private final ChatModel model;
  private final Supplier<List<AgentEvent.PlanItem>> plan;
  private final Map<String, Supplier<String>> pinned;
  private final ToDoubleFunction<Usage> spent;

  /** {@code spent} charges a summarization call to the budget and returns its USD. */
  Compactor(
      ChatModel model,
      Supplier<List<AgentEvent.PlanItem>> plan,
      Map<String, Supplier<String>> pinned,
      ToDoubleFunction<Usage> spent) {
    this.model = model;
    this.plan = plan;
    this.pinned = pinned;
    this.spent = spent;
  }

  /**
   * The compacted conversation keeping about {@code keepTokens} of recent turns, or null if nothing
   * can go.
   */
  Result compact(List<Message> messages, long keepTokens) {
    int first = !messages.isEmpty() && messages.get(0) instanceof UserMessage ? 1 : 0;
    int start = messages.size();
    long kept = 0;
    while (start > first && kept + TokenEstimate.of(messages.get(start - 1)) <= keepTokens) {
      kept += TokenEstimate.of(messages.get(--start));
    }
    while (start < messages.size() && messages.get(start) instanceof ToolResultMessage) {
      start++;
    }
    List<Message> middle = messages.subList(first, start);
    if (middle.isEmpty()) {
      return null;
    }
    ChatResponse response =
        model.generate(
            new ChatRequest(
                INSTRUCTIONS,
                List.of(new UserMessage(transcript(middle))),
                List.of(),
                SUMMARY_TOKENS));
    double usd = spent.applyAsDouble(response.usage());
    String summary = response.text().strip();
    List<Message> out = new ArrayList<>(messages.subList(0, first));
    out.add(
        new UserMessage(
            "[Summary of the earlier conversation, written when it was compacted]\n"
                + summary
                + pinnedState()));
    out.addAll(messages.subList(start, messages.size()));
    return new Result(out, summary, response.usage(), usd);
  }

  String pinnedState() {
    StringBuilder out = new StringBuilder();
    List<AgentEvent.PlanItem> items = plan.get();
    if (!items.isEmpty()) {
      out.append("\n\n[Current plan]\n").append(PlanTool.render(items));
    }
    pinned.forEach(
        (title, supplier) -> {
          String text = supplier.get();
          if (text != null && !text.isBlank()) {
            out.append("\n\n[").append(title).append("]\n").append(text.strip());
          }
        });
    return out.toString();
  }

  /**
   * The middle as plain text for the summarizer, each message capped, the whole capped to half the
   * window.
   */
  String transcript(List<Message> middle) {
    StringBuilder out = new StringBuilder();
    for (Message message : middle) {
      if (message instanceof UserMessage user) {
        out.append("USER: ").append(cap(user.text())).append("\n\n");
      } else if (message instanceof AssistantMessage assistant) {
        out.append("ASSISTANT: ").append(cap(assistant.text())).append('\n');
        for (ToolCall call : assistant.toolCalls()) {
          out.append("  called ")
              .append(call.name())
              .append(' ')
              .append(cap(call.arguments()))
              .append('\n');
        }
        out.append('\n');
      } else if (message instanceof ToolResultMessage result) {
        out.append("RESULT of ")
            .append(result.toolName())
            .append(result.isError() ? " (error)" : "")
            .append(": ")
            .append(cap(result.content()))
            .append("\n\n");
      }
    }
    long maxChars = (long) (model.contextWindow() * 0.5 * 3.5);
    return out.length() <= maxChars
        ? out.toString()
        : "[… earliest part dropped …]\n" + out.substring(out.length() - (int) maxChars);
  }

  private static String cap(String text) {
    return text.length() <= MAX_MESSAGE_CHARS
        ? text
        : text.substring(0, MAX_MESSAGE_CHARS / 2)
            + " […] "
            + text.substring(text.length() - MAX_MESSAGE_CHARS / 2);
  }
}
