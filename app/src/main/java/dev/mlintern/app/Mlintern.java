package dev.mlintern.app;

import dev.mlintern.app.delegate.ResearchTool;
import dev.mlintern.app.pinned.Facts;
import dev.mlintern.autopilot.goal.Goal;
import dev.mlintern.autopilot.goal.GoalReader;
import dev.mlintern.autopilot.goal.SessionFacts;
import dev.mlintern.autopilot.goal.Understanding;
import dev.mlintern.core.AgentConfig;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.Pricing;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.store.SessionStore;
import dev.mlintern.core.store.SqliteSessionStore;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.models.ModelFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Consumer;

/**
 * The engine, wired by hand from a {@link Config}: the session store, the model resolver, the tool
 * set and the session defaults. The CLI, the web server and tests open one and start or resume
 * sessions through it.
 *
 * <pre>{@code
 * try (Mlintern engine = Mlintern.open(Config.fromEnvironment(Map.of()))) {
 *   AgentSession session = engine.start("audit data/train.csv", SessionOptions.defaults(), renderer::render);
 *   session.currentTurn().join();
 *   session.close();
 * }
 * }</pre>
 */
public final class Mlintern implements AutoCloseable {
  private final Config config;
  private final SessionStore store;
  private final ModelResolver models;
  private final ToolSet tools;
  private final SessionLocks locks;

  Mlintern(Config config, SessionStore store, ModelResolver models, ToolSet tools) {
    this.locks = new SessionLocks(config.home().resolve("locks"));
    this.config = config;
    this.store = store;
    this.models = models;
    this.tools = tools;
  }

  public static Mlintern open(Config config) {
    Settings settings = config.settings();
    SessionStore store = SqliteSessionStore.inHome(settings.home(), settings.secrets());
    ModelResolver models =
        new ModelResolver(
            settings, ModelFactory.fromSettings(settings), Autopilots.factory(settings));
    ToolSet tools = ToolSet.standard(settings, store::append);
    ResearchTool research =
        new ResearchTool(
            store,
            models::resolve,
            tools.all(),
            config.home().resolve("workspaces"),
            ResearchTool.Limits.fromSettings(settings),
            pricing(),
            settings.secrets(),
            Prompts.load("prompts/research.md"));
    return new Mlintern(config, store, models, tools.with(research));
  }

  public Config config() {
    return config;
  }

  public SessionStore store() {
    return store;
  }

  /** The model a spec resolves to (the configured default when empty), ready for a session. */
  public ChatModel model(SessionOptions options) {
    return models.resolve(options.modelSpec());
  }

  public List<Tool<?>> tools() {
    return tools.all();
  }

  /** Configured tool sources left out (an MCP server that did not start), one line each. */
  public List<String> problems() {
    return tools.problems();
  }

  /**
   * What runs when a session ends (the compute module cancels its unfinished jobs), for sessions
   * built outside {@link #start}, such as bench runs.
   */
  public List<dev.mlintern.core.SessionHook> sessionHooks() {
    return tools.hooks();
  }

  /**
   * Starts a new session with {@code goal} as its first message in a private workspace under {@code
   * $MLINTERN_HOME}; the first turn runs at once.
   */
  public AgentSession start(String goal, SessionOptions options, Consumer<Event> listener) {
    String id = AgentSession.newId();
    return builder(options, listener, workspaces().resolve(id), SessionFacts.none())
        .id(id)
        .start(goal);
  }

  /**
   * What {@code goal} asks of a model in {@code project}, checked before anything starts: the
   * training goal as understood, or empty for a goal that is not one (a research question to a
   * model). When the autopilot will train, local Python must have the tabular packages (installed
   * on Debian as root, saying so on {@code progress}).
   *
   * @throws ProjectException when the autopilot would run and the goal names bad input or leaves
   *     something to ask, or Python lacks what its jobs need (exit 2: nothing has started and
   *     nothing was written)
   */
  /**
   * Whether the autopilot takes {@code goal} through the post-training loop (a model is trained, so
   * the run succeeds only when its result is written), rather than reading it as a table's goal.
   */
  public boolean postTraining(String goal, SessionOptions options) {
    return models.spec(options.modelSpec()).isAutopilot()
        && dev.mlintern.autopilot.llm.AdditionGoal.asks(goal);
  }

  public Optional<Goal> understand(
      Project project, String goal, SessionOptions options, java.io.PrintWriter progress) {
    boolean autopilot = models.spec(options.modelSpec()).isAutopilot();
    if (postTraining(goal, options)) {
      return Optional.empty(); // its jobs use the LLM environment, not a table
    }
    Understanding understanding = GoalReader.understand(goal, facts(project, "", options));
    if (autopilot && !(understanding instanceof Understanding.Understood)) {
      throw new ProjectException(understanding.message());
    }
    if (autopilot) {
      PythonEnvironment.fromSettings(config.settings())
          .ensure(PythonEnvironment.Tier.TABULAR, progress);
    }
    return understanding instanceof Understanding.Understood understood
        ? Optional.of(understood.goal())
        : Optional.empty();
  }

  /**
   * Starts a new session working in {@code project}: its files are the workspace and the run's
   * outputs go to {@link Project#runFolder}; the first turn runs at once.
   */
  public AgentSession start(
      Project project, String goal, SessionOptions options, Consumer<Event> listener) {
    String id = AgentSession.newId();
    project.prepare(id);
    return builder(
            options, listener, project.folder(), facts(project, project.outputs(id), options))
        .id(id)
        .workspace(project.folder())
        .start(goal);
  }

  private static SessionFacts facts(Project project, String outputs, SessionOptions options) {
    return new SessionFacts(
        Optional.of(project.folder()),
        outputs,
        options.agentConfig().timeBudget() == null
            ? OptionalDouble.empty()
            : OptionalDouble.of(options.agentConfig().timeBudget().toMillis() / 1000.0));
  }

  /**
   * Reopens a stored session idle; call {@code proceed()} or {@code send(...)} on it. Throws {@link
   * SessionBusyException} when another live process runs it.
   */
  public AgentSession resume(String sessionId, SessionOptions options, Consumer<Event> listener) {
    String spec =
        store
            .session(sessionId)
            .map(info -> info.model())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no session '" + sessionId + "' in " + config.home()));
    SessionOptions withModel = options.modelSpec().isPresent() ? options : options.withModel(spec);
    Path workspace = Path.of(store.session(sessionId).orElseThrow().workspace());
    SessionFacts facts =
        Project.ofSession(sessionId, workspace)
            .map(project -> facts(project, project.outputs(sessionId), withModel))
            .orElse(SessionFacts.none());
    locks.acquire(sessionId);
    AgentSession session = builder(withModel, listener, workspace, facts).resume(sessionId);
    store
        .session(sessionId)
        .ifPresent(info -> tools.sessionStarted(sessionId, Path.of(info.workspace())));
    return session;
  }

  private AgentSession.Builder builder(
      SessionOptions options, Consumer<Event> listener, Path workspace, SessionFacts facts) {
    Settings settings = config.settings();
    // The autopilot's calls are the engine's own procedure (its vetted recipe as local jobs): they
    // run without asks, as in bench and demo; the USD cap and the untrusted-content guard still
    // apply.
    boolean autopilot = models.spec(options.modelSpec()).isAutopilot();
    AgentConfig agentConfig =
        autopilot ? options.agentConfig().withAutoApprove(true) : options.agentConfig();
    AgentSession.Builder builder =
        AgentSession.builder(model(options), store)
            .tools(tools.all())
            .systemPrompt(Prompts.system() + facts.render())
            .workspaceRoot(workspaces())
            .secrets(settings.secrets())
            .config(agentConfig)
            .pricing(pricing());
    tools.hooks().forEach(builder::hook);
    tools.pinned().forEach(builder::pinned);
    builder.pinned("Key facts (kept with the remember tool)", new Facts(workspace)::render);
    builder.listener(
        event -> {
          if (event.body() instanceof dev.mlintern.core.event.AgentEvent.SessionStarted started) {
            locks.acquire(event.session());
            tools.sessionStarted(event.session(), Path.of(started.workspace()));
          }
        });
    if (listener != null) {
      builder.listener(listener);
    }
    return builder;
  }

  private static Pricing pricing() {
    dev.mlintern.models.PriceList table = dev.mlintern.models.PriceList.defaults();
    return (model, usage) -> table.cost(dev.mlintern.models.ModelSpec.parse(model), usage).usd();
  }

  /** Cancels a job a person asked to stop; its status events go into {@code sessionId}'s log. */
  public void cancelJob(String sessionId, String jobId) {
    tools.cancelJob(jobId, event -> store.append(sessionId, event));
  }

  public Path workspaces() {
    return config.home().resolve("workspaces");
  }

  @Override
  public void close() {
    locks.close();
    tools.close();
    store.close();
  }
}
