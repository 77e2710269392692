package dev.mlintern.autopilot.goal;

/**
 * What {@link GoalReader} made of a goal: a brief the autopilot can act on, one precise question to
 * ask the person, or a refusal naming the bad input and what to do about it.
 */
public sealed interface Understanding {
  /** The text to show the person when the goal is not understood; empty when it is. */
  String message();

  /** The goal was understood. */
  record Understood(Goal goal) implements Understanding {
    @Override
    public String message() {
      return "";
    }
  }

  /** Something is missing that the person can supply in one answer. */
  record Question(String message) implements Understanding {}

  /** The input is wrong (a missing file, an unknown column, a threshold that is not a number). */
  record Refusal(String message) implements Understanding {}
}
