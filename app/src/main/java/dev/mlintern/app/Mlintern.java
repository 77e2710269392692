package dev.mlintern.app;

import dev.mlintern.app.delegate.ResearchTool;
import dev.mlintern.app.pinned.Facts;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.Pricing;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.store.SessionInfo;
import dev.mlintern.core.store.SessionStore;
import dev.mlintern.core.store.SqliteSessionStore;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.models.ModelFactory;
import java.nio.file.Path;
import java.util.List;
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

  /** Starts a new session with {@code goal} as its first message; the first turn runs at once. */
  public AgentSession start(String goal, SessionOptions options, Consumer<Event> listener) {
    String id = AgentSession.newId();
    return builder(options, listener, workspaces().resolve(id)).id(id).start(goal);
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
    locks.acquire(sessionId);
    Path workspace = Path.of(store.session(sessionId).map(SessionInfo::workspace).orElse("."));
    AgentSession session = builder(withModel, listener, workspace).resume(sessionId);
    store
        .session(sessionId)
        .ifPresent(info -> tools.sessionStarted(sessionId, Path.of(info.workspace())));
    return session;
  }

  private AgentSession.Builder builder(
      SessionOptions options, Consumer<Event> listener, Path workspace) {
    Settings settings = config.settings();
    AgentSession.Builder builder =
        AgentSession.builder(model(options), store)
            .tools(tools.all())
            .systemPrompt(Prompts.system())
            .workspaceRoot(workspaces())
            .secrets(settings.secrets())
            .config(options.agentConfig())
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
