package dev.mlintern.core;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.Usage;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Session and turn limits: model tokens and USD for the session, wall clock and model calls per
 * turn. Checked at the top of each loop iteration, never mid tool call; warns once at 80% of each
 * limit. USD counts model calls (summarization included), the estimates of cleared paid calls, and
 * what tools later report as actually spent ({@link AgentEvent.Spend}), which replaces the call's
 * estimate.
 */
final class Budget implements Policy.Spending {
  /** Why the turn must stop: the TurnComplete reason and a summary for the person. */
  record Stop(String reason, String summary) {}

  private static final double WARN_AT = 0.8;

  private final AgentConfig config;
  private final Clock clock;
  private Usage usage;
  private double usd;
  private boolean warnedTokens;
  private boolean warnedUsd;
  private final Map<String, Double> estimates = new HashMap<>();
  private final Map<String, Double> charged = new HashMap<>();
  private final BudgetNote note;

  Budget(AgentConfig config, Clock clock, Usage sessionUsage, double sessionUsd) {
    this.config = config;
    this.clock = clock;
    this.note = new BudgetNote(config, clock, this::usd);
    this.usage = sessionUsage;
    this.usd = sessionUsd;
  }

  synchronized void addModel(Usage callUsage, double callUsd) {
    usage = usage.plus(callUsage);
    usd += callUsd;
  }

  /**
   * Money a tool call is about to spend (its estimate at approval), charged until the call reports
   * actual cost.
   */
  synchronized void charge(String callId, double estimate) {
    estimates.put(callId, estimate);
    charged.merge(callId, estimate, Double::sum);
    usd += estimate;
  }

  /**
   * Applies a tool's report of actual spending and returns it with {@code charged} set to the
   * change it made: until the report is complete the call keeps at least its estimate charged, once
   * complete exactly the actual.
   */
  synchronized AgentEvent.Spend report(AgentEvent.Spend spend) {
    double before = charged.getOrDefault(spend.callId(), 0.0);
    double after =
        spend.complete()
            ? spend.usd()
            : Math.max(spend.usd(), estimates.getOrDefault(spend.callId(), 0.0));
    charged.put(spend.callId(), after);
    usd += after - before;
    return new AgentEvent.Spend(
        spend.callId(), spend.usd(), after - before, spend.note(), spend.complete());
  }

  @Override
  public synchronized double usd() {
    return usd;
  }

  @Override
  public double usdLimit() {
    return config.usdBudget();
  }

  synchronized long tokens() {
    return usage.promptTokens() + usage.outputTokens();
  }

  /** What the model should be told about its limits before the next call, if anything. */
  Optional<String> note(TurnState turn) {
    return note.next(turn);
  }

  Optional<Stop> check(TurnState turn, Consumer<AgentEvent> emit) {
    if (turn.iterations >= config.maxIterations()) {
      return Optional.of(
          new Stop(
              "max_iterations",
              "the limit of "
                  + config.maxIterations()
                  + " model calls per turn is reached (--max-iterations)"));
    }
    if (!turn.warnedIterations
        && turn.iterations >= WARN_AT * config.maxIterations()
        && config.maxIterations() >= 10) {
      turn.warnedIterations = true;
      emit.accept(
          new AgentEvent.BudgetWarning("iterations", turn.iterations, config.maxIterations()));
    }
    if (config.tokenBudget() > 0) {
      long used = tokens();
      if (used >= config.tokenBudget()) {
        return Optional.of(
            new Stop(
                "budget", "the token budget is used up: " + used + " of " + config.tokenBudget()));
      }
      if (!warnedTokens && used >= WARN_AT * config.tokenBudget()) {
        warnedTokens = true;
        emit.accept(new AgentEvent.BudgetWarning("tokens", used, config.tokenBudget()));
      }
    }
    if (config.usdBudget() > 0) {
      double spent = usd();
      if (spent >= config.usdBudget()) {
        return Optional.of(
            new Stop(
                "budget",
                String.format(
                    Locale.ROOT,
                    "the USD budget is used up: $%.2f of $%.2f (--budget-usd)",
                    spent,
                    config.usdBudget())));
      }
      if (!warnedUsd && spent >= WARN_AT * config.usdBudget()) {
        warnedUsd = true;
        emit.accept(new AgentEvent.BudgetWarning("usd", spent, config.usdBudget()));
      }
    }
    if (config.timeBudget() != null) {
      Duration elapsed = Duration.between(turn.start, clock.instant());
      if (elapsed.compareTo(config.timeBudget()) >= 0) {
        return Optional.of(
            new Stop(
                "budget",
                "the time budget of "
                    + config.timeBudget().toSeconds()
                    + " s is used up (--time-budget)"));
      }
      if (!turn.warnedTime && elapsed.toMillis() >= WARN_AT * config.timeBudget().toMillis()) {
        turn.warnedTime = true;
        emit.accept(
            new AgentEvent.BudgetWarning(
                "time", elapsed.toSeconds(), config.timeBudget().toSeconds()));
      }
    }
    return Optional.empty();
  }
}
