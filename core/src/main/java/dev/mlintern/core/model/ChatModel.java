package dev.mlintern.core.model;

/**
 * A language model that answers a conversation with text and tool calls. Adapters map provider
 * failures to {@link ModelException}; retrying is {@code RetryingChatModel}'s job, not the
 * adapter's.
 */
public interface ChatModel {
  ChatResponse generate(ChatRequest request);

  /** Streams text deltas to {@code listener} and returns the complete response. */
  default ChatResponse stream(ChatRequest request, StreamListener listener) {
    ChatResponse response = generate(request);
    if (!response.text().isEmpty()) {
      listener.onText(response.text());
    }
    return response;
  }

  /** The model spec this instance answers for, e.g. {@code anthropic:claude-sonnet-4-5}. */
  String name();

  /** The context window in tokens, used for the compaction threshold. */
  default int contextWindow() {
    return 200_000;
  }

  /** Estimated prompt tokens for a request; adapters may override with a provider tokenizer. */
  default long countTokens(ChatRequest request) {
    return TokenEstimate.of(request);
  }
}
