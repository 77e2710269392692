package dev.mlintern.data.posttrain;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;

/**
 * The simple rules a generated item must pass before it is kept: an object with text {@code prompt}
 * and {@code answer}, neither empty, a prompt long enough to be a question, the two together short
 * enough to train on, and no refusal ("I'm sorry, but I can't…").
 */
final class QualityRules {
  static final int MIN_PROMPT_CHARS = 8;
  static final int MAX_CHARS = 4000;

  /** Openings of a refusal or a disclaimer, in lower case. */
  private static final List<String> REFUSALS =
      List.of(
          "as an ai",
          "as a language model",
          "i'm sorry",
          "i am sorry",
          "i cannot",
          "i can't",
          "i can not",
          "i'm unable",
          "i am unable",
          "i won't");

  private QualityRules() {}

  /** Why {@code item} is dropped, as {@code reason: detail}; null when it passes. */
  static String problem(JsonNode item) {
    if (!item.path("prompt").isTextual() || !item.path("answer").isTextual()) {
      return "malformed: not an object with text prompt and answer";
    }
    String prompt = item.get("prompt").asText().strip();
    String answer = item.get("answer").asText().strip();
    if (prompt.isEmpty() || answer.isEmpty()) {
      return "empty: " + (prompt.isEmpty() ? "prompt" : "answer") + " is empty";
    }
    if (prompt.length() < MIN_PROMPT_CHARS) {
      return "too short: the prompt has fewer than " + MIN_PROMPT_CHARS + " characters";
    }
    if (prompt.length() + answer.length() > MAX_CHARS) {
      return "too long: prompt and answer have more than " + MAX_CHARS + " characters";
    }
    String lower = (prompt + "\n" + answer).toLowerCase(Locale.ROOT).replace('’', '\'');
    for (String refusal : REFUSALS) {
      if (lower.contains(refusal)) {
        return "refusal: contains '" + refusal + "'";
      }
    }
    return null;
  }
}
