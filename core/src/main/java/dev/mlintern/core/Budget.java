package dev.mlintern.core;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.Usage;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Session and turn limits: model tokens and USD for the session, wall clock and model calls per turn. Checked at
 * the top of each loop iteration, never mid tool call; warns once at 80% of each limit.
 */
final class Budget {
  /** Why the turn must stop: the TurnComplete reason and a summary for the person. */
  record Stop(String reason, String summary) {}

  private static final double WARN_AT = 0.8;

  private final AgentConfig config;
  private final Clock clock;
  private Usage usage;
  private double usd;
  private boolean warnedTokens;
  private boolean warnedUsd;

  Budget(AgentConfig config, Clock clock, Usage sessionUsage, double sessionUsd) {
    this.config = config;
    this.clock = clock;
    this.usage = sessionUsage;
    this.usd = sessionUsd;
  }

  synchronized void addModel(Usage callUsage, double callUsd) {
    usage = usage.plus(callUsage);
    usd += callUsd;
  }

  /** Money a tool call is about to spend (its estimate at approval). */
  synchronized void addSpend(double estimate) {
    usd += estimate;
  }

  synchronized double usd() {
    return usd;
  }

  double usdLimit() {
    return config.usdBudget();
  }

  synchronized long tokens() {
    return usage.promptTokens() + usage.outputTokens();
  }

  Optional<Stop> check(TurnState turn, Consumer<AgentEvent> emit) {
    if (turn.iterations >= config.maxIterations()) {
      return Optional.of(new Stop("max_iterations", "the limit of " + config.maxIterations()
          + " model calls per turn is reached (--max-iterations)"));
    }
    if (!turn.warnedIterations && turn.iterations >= WARN_AT * config.maxIterations() && config.maxIterations() >= 10) {
      turn.warnedIterations = true;
      emit.accept(new AgentEvent.BudgetWarning("iterations", turn.iterations, config.maxIterations()));
    }
    if (config.tokenBudget() > 0) {
      long used = tokens();
      if (used >= config.tokenBudget()) {
        return Optional.of(new Stop("budget", "the token budget is used up: " + used + " of " + config.tokenBudget()));
      }
      if (!warnedTokens && used >= WARN_AT * config.tokenBudget()) {
        warnedTokens = true;
        emit.accept(new AgentEvent.BudgetWarning("tokens", used, config.tokenBudget()));
      }
    }
    if (config.usdBudget() > 0) {
      double spent = usd();
      if (spent >= config.usdBudget()) {
        return Optional.of(new Stop("budget", String.format(Locale.ROOT,
            "the USD budget is used up: $%.2f of $%.2f (--budget-usd)", spent, config.usdBudget())));
      }
      if (!warnedUsd && spent >= WARN_AT * config.usdBudget()) {
        warnedUsd = true;
        emit.accept(new AgentEvent.BudgetWarning("usd", spent, config.usdBudget()));
      }
    }
    if (config.timeBudget() != null) {
      Duration elapsed = Duration.between(turn.start, clock.instant());
      if (elapsed.compareTo(config.timeBudget()) >= 0) {
        return Optional.of(new Stop("budget", "the time budget of " + config.timeBudget().toSeconds()
            + " s is used up (--time-budget)"));
      }
      if (!turn.warnedTime && elapsed.toMillis() >= WARN_AT * config.timeBudget().toMillis()) {
        turn.warnedTime = true;
        emit.accept(new AgentEvent.BudgetWarning("time", elapsed.toSeconds(), config.timeBudget().toSeconds()));
      }
    }
    return Optional.empty();
  }
}
