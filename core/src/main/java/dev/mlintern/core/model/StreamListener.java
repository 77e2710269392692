package dev.mlintern.core.model;

/**
 * Receives assistant text as it streams in. Tool calls arrive whole in the final {@link
 * ChatResponse}.
 */
@FunctionalInterface
public interface StreamListener {
  void onText(String delta);

  /**
   * The call is being retried from the start ({@link RetryingChatModel}) after some text was
   * delivered: the deltas that follow begin the answer again, usually repeating what was already
   * delivered.
   */
  default void onReset() {}

  StreamListener NONE = delta -> {};
}
