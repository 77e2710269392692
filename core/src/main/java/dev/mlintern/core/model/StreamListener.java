package dev.mlintern.core.model;

/** Receives assistant text as it streams in. Tool calls arrive whole in the final {@link ChatResponse}. */
@FunctionalInterface
public interface StreamListener {
  void onText(String delta);

  StreamListener NONE = delta -> {};
}
