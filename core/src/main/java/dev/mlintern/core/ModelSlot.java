package dev.mlintern.core;

import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.StreamListener;

/**
 * The session's model, which a person may switch mid-session ({@code /model SPEC}): the loop,
 * context manager and compactor hold this slot, so the next call after a switch goes to the new
 * model and is priced by its name.
 */
final class ModelSlot implements ChatModel {
  private volatile ChatModel current;

  ModelSlot(ChatModel first) {
    this.current = first;
  }

  /** Puts {@code next} in the slot and returns the model it replaced. */
  ChatModel switchTo(ChatModel next) {
    ChatModel before = current;
    current = next;
    return before;
  }

  @Override
  public ChatResponse generate(ChatRequest request) {
    return current.generate(request);
  }

  @Override
  public ChatResponse stream(ChatRequest request, StreamListener listener) {
    return current.stream(request, listener);
  }

  @Override
  public String name() {
    return current.name();
  }

  @Override
  public int contextWindow() {
    return current.contextWindow();
  }

  @Override
  public long countTokens(ChatRequest request) {
    return current.countTokens(request);
  }
}
