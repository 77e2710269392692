package dev.mlintern.autopilot.llm;

import java.util.regex.Pattern;

/**
 * Whether a plain goal asks for the post-training demo's task: teaching a model to add two-digit
 * numbers ("teach the model to add two-digit numbers", "2-digit addition with GRPO").
 */
public final class AdditionGoal {
  private static final Pattern ADD = Pattern.compile("(?i)\\b(add|adding|addition|sums?)\\b");
  private static final Pattern TWO_DIGITS = Pattern.compile("(?i)\\b(two|2)[- ]digits?\\b");

  private AdditionGoal() {}

  public static boolean asks(String goal) {
    return ADD.matcher(goal).find() && TWO_DIGITS.matcher(goal).find();
  }
}
