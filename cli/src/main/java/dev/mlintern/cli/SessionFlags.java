package dev.mlintern.cli;

import dev.mlintern.app.SessionOptions;
import dev.mlintern.core.AgentConfig;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The flags every session command shares: model, limits, auto-approve and JSON output. */
final class SessionFlags {
  @Option(
      names = "--model",
      paramLabel = "SPEC",
      description = "Model spec, e.g. anthropic:claude-sonnet-4-5, autopilot.")
  String model;

  @Option(
      names = "--max-iterations",
      paramLabel = "N",
      description = "Model calls per user turn (default 300).")
  Integer maxIterations;

  @Option(
      names = "--budget-usd",
      paramLabel = "USD",
      converter = Dollars.class,
      description = "Session spending cap in US dollars.")
  Double budgetUsd;

  @Option(
      names = "--time-budget",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "Time budget, e.g. 30m: run counts it from its start and keeps a reserve to finish;"
              + " chat applies it per turn.")
  Duration timeBudget;

  @Option(
      names = {"-y", "--yes"},
      description = "Auto-approve asks (still refuses above the USD cap).")
  boolean yes;

  @Option(names = "--json", description = "Print events as JSON lines on stdout.")
  boolean json;

  SessionOptions options() {
    AgentConfig agentConfig = AgentConfig.defaults().withAutoApprove(yes);
    if (maxIterations != null) {
      agentConfig = agentConfig.withMaxIterations(maxIterations);
    }
    if (budgetUsd != null) {
      agentConfig = agentConfig.withUsdBudget(budgetUsd);
    }
    if (timeBudget != null) {
      agentConfig = agentConfig.withTimeBudget(timeBudget);
    }
    return new SessionOptions(Optional.ofNullable(model), agentConfig);
  }
}
