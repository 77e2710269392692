package dev.mlintern.app.delegate;

import dev.mlintern.core.AgentConfig;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.Pricing;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.store.SessionInfo;
import dev.mlintern.core.store.SessionStore;
import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The {@code research} tool: a literature question handed to a sub-agent, a session of its own (own
 * id and events, linked to its parent) with its own context and budget and only reading tools
 * (papers, library, docs, github, web_search, web_fetch, hub, dataset), so long reading does not
 * fill the main context. It answers with a structured summary: findings, recipes with
 * hyperparameters, datasets, sources. What it spent counts against the parent session's budget.
 */
public final class ResearchTool extends DescribedTool<ResearchTool.Input> {
  /** The question, and what the main agent already knows. */
  public record Input(
      @Param("the research question, e.g. which SFT recipes reach the best GSM8K for 0.5B models")
          String question,
      @Param(
              value = "what you already know or want excluded, to save the sub-agent work",
              optional = true)
          String context) {}

  /** The sub-agent's limits and model; an empty model means the parent session's. */
  public record Limits(int maxIterations, double usd, Duration time, Optional<String> model) {
    /**
     * {@code MLINTERN_RESEARCH_MODEL} (default: the parent's), {@code
     * MLINTERN_RESEARCH_MAX_ITERATIONS} (40), {@code MLINTERN_RESEARCH_BUDGET_USD} (2.00), 20
     * minutes.
     */
    public static Limits fromSettings(Settings settings) {
      try {
        return new Limits(
            Integer.parseInt(settings.get("MLINTERN_RESEARCH_MAX_ITERATIONS", "40")),
            Double.parseDouble(settings.get("MLINTERN_RESEARCH_BUDGET_USD", "2.00")),
            Duration.ofMinutes(20),
            settings.get("MLINTERN_RESEARCH_MODEL"));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "MLINTERN_RESEARCH_MAX_ITERATIONS must be a whole number and"
                + " MLINTERN_RESEARCH_BUDGET_USD a number of dollars: "
                + e.getMessage());
      }
    }
  }

  /** The tools a sub-agent may use, by name; anything else of the parent's is left out. */
  public static final Set<String> READING_TOOLS =
      Set.of("papers", "library", "docs", "github", "web_search", "web_fetch", "hub", "dataset");

  private final SessionStore store;
  private final Function<Optional<String>, ChatModel> models;
  private final List<Tool<?>> tools;
  private final Path workspaces;
  private final Limits limits;
  private final Pricing pricing;
  private final Secrets secrets;
  private final String prompt;

  public ResearchTool(
      SessionStore store,
      Function<Optional<String>, ChatModel> models,
      List<Tool<?>> parentTools,
      Path workspaces,
      Limits limits,
      Pricing pricing,
      Secrets secrets,
      String prompt) {
    super("research", Input.class);
    this.store = store;
    this.models = models;
    this.tools =
        parentTools.stream()
            .filter(t -> READING_TOOLS.contains(t.name()))
            .<Tool<?>>map(ReadOnlyTool::new)
            .toList();
    this.workspaces = workspaces;
    this.limits = limits;
    this.pricing = pricing;
    this.secrets = secrets;
    this.prompt = prompt;
  }

  @Override
  public OptionalDouble estimateUsd(Input input) {
    return OptionalDouble.of(limits.usd());
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    if (input.question() == null || input.question().isBlank()) {
      throw new ToolException("research needs a question; pass what you want found out");
    }
    Optional<String> spec =
        limits.model().or(() -> store.session(context.sessionId()).map(SessionInfo::model));
    AgentSession child =
        AgentSession.builder(models.apply(spec), store)
            .tools(tools)
            .systemPrompt(prompt)
            .workspaceRoot(workspaces)
            .secrets(secrets)
            .pricing(pricing)
            .config(
                AgentConfig.defaults()
                    .withMaxIterations(limits.maxIterations())
                    .withUsdBudget(limits.usd())
                    .withTimeBudget(limits.time()))
            .parent(context.sessionId())
            .start(goal(input));
    try (child) {
      AgentEvent.TurnComplete done = await(child.currentTurn(), child, context);
      double usd = store.session(child.id()).map(SessionInfo::usd).orElse(0.0);
      context.reportSpend(usd, "research sub-agent " + child.id(), true);
      String head =
          String.format(
              Locale.ROOT,
              "Research sub-agent session %s (%s, $%.2f; mlintern sessions show %s):",
              child.id(),
              done.reason(),
              usd,
              child.id());
      return ToolResult.untrusted(
          head + "\n", "research sub-agent " + child.id(), done.summary(), null);
    }
  }

  private static String goal(Input input) {
    return input.context() == null || input.context().isBlank()
        ? input.question().strip()
        : input.question().strip()
            + "\n\nWhat the main agent already knows: "
            + input.context().strip();
  }

  /** Waits for the sub-agent's turn, interrupting it when the parent's call is cancelled. */
  private static AgentEvent.TurnComplete await(
      CompletableFuture<AgentEvent.TurnComplete> turn, AgentSession child, ToolContext context) {
    while (true) {
      try {
        return turn.get(200, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        if (context.cancelled()) {
          child.interrupt();
        }
      } catch (InterruptedException e) {
        child.interrupt();
        Thread.currentThread().interrupt();
        throw new ToolException("the research sub-agent was interrupted");
      } catch (ExecutionException e) {
        throw new IllegalStateException("the research sub-agent failed", e.getCause());
      }
    }
  }
}
