package dev.mlintern.core;

import dev.mlintern.core.tool.Effect;
import java.util.EnumSet;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides per tool call: RUN, ASK or REFUSE, from what the call does (its effects, which each tool
 * derives from the input: a shell command off the allowlist, a job, a job given {@code HF_TOKEN})
 * and its cost estimate, never from the tool's name.
 *
 * <ul>
 *   <li>READ, WRITE (inside the workspace) and EXECUTE (allowlisted commands) run.
 *   <li>EXECUTE_UNLISTED (any other command, any job), NETWORK, SPEND, PUBLISH, DELETE and
 *       OUTSIDE_WORKSPACE ask.
 *   <li>A call whose estimated cost would take the session past its USD cap is refused, whatever
 *       the mode.
 *   <li>Auto-approve turns asks into runs, except while untrusted content (a tool result marked
 *       untrusted: paper text, a web page, a Hub card, a file a networked run wrote) is part of the
 *       current turn: then anything that runs code, reaches the network, spends or publishes asks,
 *       allowlisted commands included. Headless, nobody answers and the call is not run.
 * </ul>
 */
public final class Policy {
  /** What happens to a call. */
  public enum Verdict {
    RUN,
    ASK,
    REFUSE
  }

  /** The verdict and, for ASK and REFUSE, why. */
  public record Decision(Verdict verdict, String reason) {}

  private static final Set<Effect> SAFE = EnumSet.of(Effect.READ, Effect.WRITE, Effect.EXECUTE);
  private static final Set<Effect> GUARDED_FROM_UNTRUSTED =
      EnumSet.of(
          Effect.EXECUTE, Effect.EXECUTE_UNLISTED, Effect.NETWORK, Effect.SPEND, Effect.PUBLISH);

  /** What the session has spent and its USD cap (0: none). */
  public interface Spending {
    double usd();

    double usdLimit();
  }

  private final Spending budget;
  private volatile boolean autoApprove;

  public Policy(Spending budget, boolean autoApprove) {
    this.budget = budget;
    this.autoApprove = autoApprove;
  }

  void autoApprove(boolean on) {
    autoApprove = on;
  }

  boolean autoApprove() {
    return autoApprove;
  }

  public Decision decide(Set<Effect> effects, OptionalDouble estimateUsd, boolean untrustedInTurn) {
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
    boolean guarded =
        untrustedInTurn && effects.stream().anyMatch(GUARDED_FROM_UNTRUSTED::contains);
    if (risky.isEmpty() && !guarded) {
      return new Decision(Verdict.RUN, "");
    }
    String reason =
        (risky.isEmpty() ? EnumSet.copyOf(effects) : risky)
            .stream().map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    if (guarded) {
      return new Decision(
          Verdict.ASK, reason + " (asked because this turn contains untrusted third-party text)");
    }
    if (!autoApprove) {
      return new Decision(Verdict.ASK, reason);
    }
    return new Decision(Verdict.RUN, "auto-approved: " + reason);
  }
}
