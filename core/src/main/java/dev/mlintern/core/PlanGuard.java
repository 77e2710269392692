package dev.mlintern.core;

import dev.mlintern.core.event.AgentEvent;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Continuation guard: when the model stops while its plan still has open items, re-prompt it to
 * continue or to update the plan — at most {@link #MAX_REPROMPTS} times per turn, so a model that
 * disagrees can still stop.
 */
final class PlanGuard {
  static final int MAX_REPROMPTS = 2;

  Optional<String> check(List<AgentEvent.PlanItem> plan, TurnState turn) {
    List<AgentEvent.PlanItem> open =
        plan.stream().filter(i -> !"completed".equals(i.status())).toList();
    if (open.isEmpty() || turn.planReprompts >= MAX_REPROMPTS) {
      return Optional.empty();
    }
    turn.planReprompts++;
    return Optional.of(
        "You stopped, but your plan still has open items:\n"
            + open.stream()
                .map(i -> "- " + i.content() + " (" + i.status() + ")")
                .collect(Collectors.joining("\n"))
            + "\nContinue working on them. If they are done or no longer needed, update the plan with the plan tool,"
            + " then give your final answer.");
  }
}
