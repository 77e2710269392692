package dev.mlintern.core;

import dev.mlintern.core.model.ChatResponse;
import java.util.Optional;

/** A model answer with no text and no tool calls: nudge twice, then give up on the turn. */
final class EmptyAnswerGuard {
  static final int MAX_NUDGES = 2;
  static final String NUDGE =
      "Your last answer was empty. Continue with the task: call a tool, or give your final"
          + " answer in text.";

  static boolean empty(ChatResponse response) {
    return response.text().isBlank() && response.toolCalls().isEmpty();
  }

  /** The nudge to inject, or empty when the model has had its chances. */
  Optional<String> check(TurnState turn) {
    if (turn.emptyAnswers >= MAX_NUDGES) {
      return Optional.empty();
    }
    turn.emptyAnswers++;
    return Optional.of(NUDGE);
  }
}
