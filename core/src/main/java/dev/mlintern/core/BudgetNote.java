package dev.mlintern.core;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * What the model is told about its limits: at the start of every turn, one line with the model
 * calls, USD and time left; again whenever a limit passes 50%, 80% or 95%, with a warning saying
 * what to do. The line ends the system prompt ({@link ContextManager#budgetNote}), so compaction
 * never drops it.
 */
final class BudgetNote {
  private static final double[] LEVELS = {0.5, 0.8, 0.95};

  private final AgentConfig config;
  private final Clock clock;
  private final DoubleSupplier usd;

  BudgetNote(AgentConfig config, Clock clock, DoubleSupplier usd) {
    this.config = config;
    this.clock = clock;
    this.usd = usd;
  }

  /** The note due before the next model call of {@code turn}, if any. */
  Optional<String> next(TurnState turn) {
    double calls = (double) turn.iterations / config.maxIterations();
    double money = config.usdBudget() > 0 ? usd.getAsDouble() / config.usdBudget() : 0;
    Duration elapsed = Duration.between(turn.start, clock.instant());
    double time =
        config.timeBudget() == null
            ? 0
            : (double) elapsed.toMillis() / Math.max(1, config.timeBudget().toMillis());
    double worst = Math.max(calls, Math.max(money, time));
    double level = level(worst);
    boolean first = !turn.budgetNoted;
    if (!first && level <= turn.budgetLevel) {
      return Optional.empty();
    }
    turn.budgetNoted = true;
    turn.budgetLevel = level;
    StringBuilder note =
        new StringBuilder("Budget left: ")
            .append(config.maxIterations() - turn.iterations)
            .append(" of ")
            .append(config.maxIterations())
            .append(" model calls this turn; ");
    note.append(
        config.usdBudget() > 0
            ? String.format(
                Locale.ROOT,
                "$%.2f of $%.2f; ",
                Math.max(0, config.usdBudget() - usd.getAsDouble()),
                config.usdBudget())
            : "no USD cap; ");
    note.append(
        config.timeBudget() == null
            ? "no time limit."
            : minutes(config.timeBudget().minus(elapsed))
                + " of "
                + minutes(config.timeBudget())
                + " left this turn.");
    if (level > 0) {
      String which = worst == calls ? "model calls" : worst == money ? "USD budget" : "time";
      note.append(
          String.format(
              Locale.ROOT, " Warning: %d%% of the %s is used. ", Math.round(level * 100), which));
      note.append(
          level >= 0.95
              ? "Start nothing new: record results and write the final report now."
              : level >= 0.8
                  ? "Finish the step in progress, keep only runs that fit, and prepare the report."
                  : "Half is gone: check the plan still fits and drop what will not.");
    }
    return Optional.of(note.toString());
  }

  private static double level(double fraction) {
    double level = 0;
    for (double l : LEVELS) {
      if (fraction >= l) {
        level = l;
      }
    }
    return level;
  }

  /** Whole minutes rounded up (a fresh 30-minute budget reads "30 min"), seconds under one. */
  private static String minutes(Duration d) {
    long seconds = Math.max(0, d.toSeconds());
    return seconds >= 60 ? (seconds + 59) / 60 + " min" : seconds + " s";
  }
}
