package dev.mlintern.core;

import dev.mlintern.core.tool.Effect;
import java.util.EnumSet;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides per tool call: RUN, ASK or REFUSE, from the call's effects and cost estimate.
 *
 * <ul>
 *   <li>READ, WRITE (inside the workspace) and EXECUTE (allowlisted commands) run.
 *   <li>EXECUTE_UNLISTED, SPEND, PUBLISH, DELETE and OUTSIDE_WORKSPACE ask.
 *   <li>A call whose estimated cost would take the session past its USD cap is refused, whatever
 *       the mode.
 *   <li>Auto-approve turns asks into runs, except SPEND, PUBLISH and EXECUTE_UNLISTED while
 *       untrusted content (a tool result marked untrusted, such as paper text) is part of the
 *       current turn.
 * </ul>
 */
final class Policy {
  enum Verdict {
    RUN,
    ASK,
    REFUSE
  }

  record Decision(Verdict verdict, String reason) {}

  private static final Set<Effect> SAFE = EnumSet.of(Effect.READ, Effect.WRITE, Effect.EXECUTE);
  private static final Set<Effect> GUARDED_FROM_UNTRUSTED =
      EnumSet.of(Effect.SPEND, Effect.PUBLISH, Effect.EXECUTE_UNLISTED);

  private final Budget budget;
  private volatile boolean autoApprove;

  Policy(Budget budget, boolean autoApprove) {
    this.budget = budget;
    this.autoApprove = autoApprove;
  }

  void autoApprove(boolean on) {
    autoApprove = on;
  }

  boolean autoApprove() {
    return autoApprove;
  }

  Decision decide(Set<Effect> effects, OptionalDouble estimateUsd, boolean untrustedInTurn) {
    if (estimateUsd.isPresent()
        && budget.usdLimit() > 0
        && budget.usd() + estimateUsd.getAsDouble() > budget.usdLimit()) {
      return new Decision(
          Verdict.REFUSE,
          String.format(
              Locale.ROOT,
              "it would cost about $%.2f, and the session has spent $%.2f of its $%.2f cap",
              estimateUsd.getAsDouble(),
              budget.usd(),
              budget.usdLimit()));
    }
    Set<Effect> risky = EnumSet.noneOf(Effect.class);
    risky.addAll(effects);
    risky.removeAll(SAFE);
    if (risky.isEmpty()) {
      return new Decision(Verdict.RUN, "");
    }
    String reason =
        risky.stream()
            .map(e -> e.name().toLowerCase(Locale.ROOT))
            .collect(Collectors.joining(", "));
    if (!autoApprove) {
      return new Decision(Verdict.ASK, reason);
    }
    if (untrustedInTurn && risky.stream().anyMatch(GUARDED_FROM_UNTRUSTED::contains)) {
      return new Decision(
          Verdict.ASK,
          reason + " (auto-approve does not apply: this turn contains untrusted third-party text)");
    }
    return new Decision(Verdict.RUN, "auto-approved: " + reason);
  }
}
