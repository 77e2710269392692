package dev.mlintern.core;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.TokenEstimate;
import dev.mlintern.core.model.ToolSpec;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.core.store.Conversation;
import java.util.List;
import java.util.function.Consumer;

/**
 * Keeps the conversation inside the model's window: counts tokens before every call and compacts
 * (through {@link Compactor}) once the prompt passes the threshold, by default 90% of the window.
 * When even compaction cannot get under the threshold it throws {@link ContextFull} so the turn
 * ends instead of looping.
 */
final class ContextManager {
  /** The conversation cannot be brought under the threshold. */
  static final class ContextFull extends RuntimeException {
    ContextFull(String message) {
      super(message);
    }
  }

  private final ChatModel model;
  private final AgentConfig config;
  private final String system;
  private final List<ToolSpec> tools;
  private final Compactor compactor;
  private final Consumer<AgentEvent> emit;
  private volatile String budgetNote = "";

  ContextManager(
      ChatModel model,
      AgentConfig config,
      String system,
      List<ToolSpec> tools,
      Compactor compactor,
      Consumer<AgentEvent> emit) {
    this.model = model;
    this.config = config;
    this.system = system;
    this.tools = tools;
    this.compactor = compactor;
    this.emit = emit;
  }

  long threshold() {
    return (long) (model.contextWindow() * config.compactThreshold());
  }

  ChatRequest request(List<Message> messages) {
    String withNote = budgetNote.isEmpty() ? system : system + "\n\n" + budgetNote;
    return new ChatRequest(withNote, messages, tools, config.maxOutputTokens());
  }

  /**
   * What the model is told about its limits from now on, at the end of the system prompt: it
   * changes only at a turn's start and when a limit passes 50, 80 or 95%, so the provider's prompt
   * cache is rebuilt only then, and it can never be compacted away.
   */
  void budgetNote(String note) {
    budgetNote = note;
  }

  /**
   * The request for the next call; compacts {@code conversation} in place first when needed or
   * {@code force}d.
   */
  ChatRequest prepare(List<Message> conversation, boolean force) {
    ChatRequest request = request(conversation);
    long tokens = model.countTokens(request);
    if (tokens <= threshold() && !force) {
      return request;
    }
    long keep = (long) (threshold() * config.keepRecentFraction());
    // forced: the provider said the prompt is too long although our count is under the threshold,
    // so our count
    // runs low; keep a quarter of what we have instead of the usual share of the threshold
    compact(conversation, tokens, force ? Math.min(tokens / 4, keep) : keep);
    return request(conversation);
  }

  /**
   * Compacts on request ({@code /compact}) keeping about a quarter of the conversation's own tokens
   * (not of the system prompt and tool schemas), and never less than the last complete turn; false
   * if nothing to do.
   */
  boolean compactNow(List<Message> conversation) {
    long tokens = model.countTokens(request(conversation));
    long own = 0;
    long lastTurn = 0;
    for (Message message : conversation) {
      long size = TokenEstimate.of(message);
      own += size;
      lastTurn = message instanceof UserMessage ? size : lastTurn + size;
    }
    long keep =
        Math.max(Math.min(own / 4, (long) (threshold() * config.keepRecentFraction())), lastTurn);
    try {
      compact(conversation, tokens, keep);
      return true;
    } catch (ContextFull e) {
      return false;
    }
  }

  private void compact(List<Message> conversation, long tokensBefore, long keepTokens) {
    long threshold = threshold();
    long keep = keepTokens;
    Usage usage = Usage.ZERO;
    double usd = 0;
    for (int attempt = 0; attempt < 2; attempt++, keep /= 4) {
      Compactor.Result result = compactor.compact(conversation, keep);
      if (result == null) {
        break;
      }
      usage = usage.plus(result.usage());
      usd += result.usd();
      long after = model.countTokens(request(result.messages()));
      if (after <= threshold) {
        conversation.clear();
        conversation.addAll(result.messages());
        emit.accept(
            new AgentEvent.Compaction(
                tokensBefore,
                after,
                result.summary(),
                Conversation.toJson(result.messages()),
                new AgentEvent.UsageView(
                    usage.inputTokens(),
                    usage.outputTokens(),
                    usage.cacheReadTokens(),
                    usage.cacheWriteTokens(),
                    usd)));
        return;
      }
    }
    throw new ContextFull(
        "The conversation ("
            + tokensBefore
            + " tokens) cannot be compacted under the limit of "
            + threshold
            + " tokens ("
            + Math.round(config.compactThreshold() * 100)
            + "% of the "
            + model.contextWindow()
            + "-token window): what must be kept — system prompt, first message, pinned state and the latest"
            + " turn — is too large. Start a new session with a shorter goal, or use a model with a larger window.");
  }
}
