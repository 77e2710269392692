package dev.mlintern.core;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.store.SessionInfo;
import dev.mlintern.core.store.SessionStore;
import dev.mlintern.core.tool.Tool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent session: what the CLI, the REPL, the web server and the app drive. Turns run on the
 * session's own thread; every step is stored as an event before listeners see it; inputs go in
 * through {@link #send}, {@link #reply} and {@link #interrupt}. UIs render events and never reach
 * into the loop.
 *
 * <pre>{@code
 * try (SessionStore store = SqliteSessionStore.inHome(home, secrets)) {
 *   AgentSession session = AgentSession.builder(new RetryingChatModel(model), store)
 *       .tools(List.of(new PlanTool(), new ReadTool(), new WriteTool(), new EditTool(), new ListTool(),
 *           ShellTool.forHome(home)))
 *       .systemPrompt(prompt).workspaceRoot(home.resolve("workspaces")).secrets(secrets)
 *       .config(AgentConfig.defaults().withUsdBudget(5).withAutoApprove(yes))
 *       .listener(event -> {
 *         renderer.render(event);                       // called after the event is stored
 *         if (event.body() instanceof AgentEvent.ApprovalRequested ask) {
 *           pendingAsks.add(ask.id());                  // later: session.reply(ApprovalReply.approve(id))
 *         }
 *       })
 *       .hook((id, interrupted) -> jobs.cancelSession(id))
 *       .start("Beat 0.97 accuracy on digits");          // returns at once; the first turn runs
 *   AgentEvent.TurnComplete done = session.currentTurn().join();
 *   session.send("Now write the report").join();        // next turn
 *   session.close();                                      // or detach() to leave its jobs running
 * }
 * // later, another process:
 * AgentSession again = AgentSession.builder(model, store).tools(tools).resume("s-abcdefghijkl");
 * again.proceed().join();                                 // continue after a crash or interrupt
 * }</pre>
 */
public final class AgentSession implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSession.class);
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String id;
  final Recorder recorder;
  private final Agent agent;
  private final Approvals approvals;
  private final Policy policy;
  private final ModelSlot model;
  private final List<SessionHook> hooks;
  private final ExecutorService sessionThread;
  private final ExecutorService workers;
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean ended = new AtomicBoolean();
  private volatile boolean detached;
  private volatile CompletableFuture<AgentEvent.TurnComplete> current =
      CompletableFuture.completedFuture(null);

  AgentSession(
      String id,
      Recorder recorder,
      Agent agent,
      Approvals approvals,
      Policy policy,
      ModelSlot model,
      List<SessionHook> hooks,
      ExecutorService sessionThread,
      ExecutorService workers) {
    this.id = id;
    this.recorder = recorder;
    this.agent = agent;
    this.approvals = approvals;
    this.policy = policy;
    this.model = model;
    this.hooks = hooks;
    this.sessionThread = sessionThread;
    this.workers = workers;
  }

  /** The spec of the model the session's next call goes to. */
  public String model() {
    return model.name();
  }

  /**
   * Switches the session to {@code next} from its next model call on (a running turn continues with
   * it) and records {@code model_changed}, so a resumed session reopens with the new model.
   */
  public void switchModel(ChatModel next) {
    ChatModel before = model.switchTo(next);
    recorder.record(new AgentEvent.ModelChanged(before.name(), next.name()));
  }

  public static Builder builder(ChatModel model, SessionStore store) {
    return new Builder(model, store);
  }

  public String id() {
    return id;
  }

  /**
   * Starts a turn with the person's message (queued behind a running turn). Completes when the turn
   * ends.
   */
  public CompletableFuture<AgentEvent.TurnComplete> send(String userText) {
    return submit(userText);
  }

  /**
   * Runs a turn without a new message: the model continues from the conversation (after resume or
   * interrupt).
   */
  public CompletableFuture<AgentEvent.TurnComplete> proceed() {
    return submit(null);
  }

  /** The running or last turn. */
  public CompletableFuture<AgentEvent.TurnComplete> currentTurn() {
    return current;
  }

  /** Answers a pending approval; false when no call with that id is waiting. */
  public boolean reply(ApprovalReply reply) {
    return approvals.reply(reply);
  }

  /** Ids of tool calls waiting for approval. */
  public List<String> pendingApprovals() {
    return approvals.pending();
  }

  /**
   * Stops the running turn (Ctrl-C): calls not yet run get stub results, running tools are
   * cancelled.
   */
  public void interrupt() {
    if (busy()) {
      agent.interrupt();
    }
  }

  public boolean busy() {
    return queued.get() > 0;
  }

  /** Adds a listener for events recorded from now on; close the result to remove it. */
  public AutoCloseable subscribe(Consumer<Event> listener) {
    return recorder.subscribe(listener);
  }

  public List<AgentEvent.PlanItem> plan() {
    return recorder.plan();
  }

  /**
   * Switches auto-approve (the REPL's {@code /yes}); cost caps and untrusted-content checks still
   * apply.
   */
  public void autoApprove(boolean on) {
    policy.autoApprove(on);
  }

  public boolean autoApprove() {
    return policy.autoApprove();
  }

  /**
   * Compacts the conversation now (the REPL's {@code /compact}), on the session thread, after a
   * running turn; completes with false when there was nothing to summarize.
   */
  public CompletableFuture<Boolean> compact() {
    return CompletableFuture.supplyAsync(agent::compactNow, sessionThread);
  }

  /** The conversation as the model will see it next. */
  public List<Message> conversation() {
    return agent.conversation();
  }

  /**
   * Leaves the session without ending it, e.g. when the CLI exits but the user wants the session's
   * jobs to go on: a running turn is stopped (its calls patched as on interrupt), but no {@code
   * session_finished} is recorded and the hooks are not called. Resume it later with {@link
   * Builder#resume}.
   */
  public void detach() {
    detached = true;
    agent.interrupt();
    current.exceptionally(e -> null).join();
    shutdown();
  }

  /**
   * Ends the session: interrupts a running turn, records {@code session_finished}, tells the hooks.
   */
  @Override
  public void close() {
    close("finished", null);
  }

  /**
   * Ends the session as {@link #close()} does, recording how it ended ({@code finished} or {@code
   * failed}) and the path of the report it produced, if any, in its {@code session_finished}.
   */
  public void close(String status, String report) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    agent.interrupt();
    current.exceptionally(e -> null).join();
    recorder.record(new AgentEvent.SessionFinished(status, report));
    callHooks(false);
    shutdown();
  }

  private CompletableFuture<AgentEvent.TurnComplete> submit(String text) {
    queued.incrementAndGet();
    CompletableFuture<AgentEvent.TurnComplete> turn =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                AgentEvent.TurnComplete done = runGuarded(text);
                if ("interrupted".equals(done.reason())) {
                  callHooks(true);
                }
                return done;
              } finally {
                queued.decrementAndGet();
              }
            },
            sessionThread);
    current = turn;
    return turn;
  }

  private AgentEvent.TurnComplete runGuarded(String text) {
    try {
      return agent.turn(text);
    } catch (RuntimeException | StackOverflowError e) {
      LOG.error("turn of session {} failed", id, e);
      recorder.record(new AgentEvent.Error("internal", "the turn failed: " + e));
      AgentEvent.TurnComplete done =
          new AgentEvent.TurnComplete("error", "Internal error: " + e, null);
      recorder.record(done);
      return done;
    }
  }

  private void callHooks(boolean interrupted) {
    if (detached) {
      return;
    }
    for (SessionHook hook : hooks) {
      try {
        hook.onSessionEnd(id, interrupted);
      } catch (RuntimeException e) {
        LOG.warn("session hook failed for {}", id, e);
      }
    }
  }

  private void shutdown() {
    sessionThread.shutdown();
    workers.shutdownNow();
  }

  /**
   * A fresh session id ({@code s-} and 12 base-32 letters), for callers that name a session before
   * it starts.
   */
  public static String newId() {
    StringBuilder id = new StringBuilder("s-");
    for (int i = 0; i < 12; i++) {
      id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return id.toString();
  }

  /**
   * Collects a session's parts; ends with {@link #start} for a new session or {@link #resume} for a
   * stored one.
   */
  public static final class Builder {
    private final ChatModel model;
    private final SessionStore store;
    private final List<Tool<?>> tools = new ArrayList<>();
    private final List<SessionHook> hooks = new ArrayList<>();
    private final List<Consumer<Event>> listeners = new ArrayList<>();
    private final Map<String, Supplier<String>> pinned = new LinkedHashMap<>();
    private String systemPrompt = "";
    private Path workspace;
    private Path workspaceRoot;
    private Secrets secrets = Secrets.none();
    private AgentConfig config = AgentConfig.defaults();
    private Pricing pricing = Pricing.FREE;
    private Clock clock = Clock.systemUTC();
    private String id;
    private String parent;

    private Builder(ChatModel model, SessionStore store) {
      this.model = model;
      this.store = store;
    }

    public Builder tools(List<? extends Tool<?>> more) {
      tools.addAll(more);
      return this;
    }

    public Builder systemPrompt(String prompt) {
      systemPrompt = prompt;
      return this;
    }

    /** The exact workspace folder of a new session. */
    public Builder workspace(Path folder) {
      workspace = folder;
      return this;
    }

    /** A folder under which a new session gets {@code <root>/<session id>} as its workspace. */
    public Builder workspaceRoot(Path root) {
      workspaceRoot = root;
      return this;
    }

    public Builder secrets(Secrets value) {
      secrets = value;
      return this;
    }

    public Builder config(AgentConfig value) {
      config = value;
      return this;
    }

    public Builder pricing(Pricing value) {
      pricing = value;
      return this;
    }

    public Builder clock(Clock value) {
      clock = value;
      return this;
    }

    public Builder hook(SessionHook hook) {
      hooks.add(hook);
      return this;
    }

    /** A listener that sees every event of the session, from {@code session_started} on. */
    public Builder listener(Consumer<Event> listener) {
      listeners.add(listener);
      return this;
    }

    /**
     * State kept verbatim through compaction, e.g. {@code pinned("Experiment ledger",
     * ledger::summary)}.
     */
    public Builder pinned(String title, Supplier<String> text) {
      pinned.put(title, text);
      return this;
    }

    /**
     * Session id for a new session (tests); normally {@code s-} and 12 random base32 characters.
     */
    public Builder id(String value) {
      id = value;
      return this;
    }

    /** Marks the new session as a sub-agent of {@code sessionId}, recorded in session_started. */
    public Builder parent(String sessionId) {
      parent = sessionId;
      return this;
    }

    /**
     * Creates a session, records {@code session_started} and starts the first turn with {@code
     * goal}.
     */
    public AgentSession start(String goal) {
      String sessionId = id == null ? newId() : id;
      Path folder =
          workspace != null
              ? workspace
              : workspaceRoot != null ? workspaceRoot.resolve(sessionId) : null;
      if (folder == null) {
        throw new IllegalStateException("set workspace(...) or workspaceRoot(...) before start");
      }
      createFolder(folder);
      AgentSession session = build(sessionId, folder, List.of(), null);
      session.recorder.record(
          new AgentEvent.SessionStarted(
              goal, model.name(), folder.toAbsolutePath().toString(), parent));
      session.send(goal);
      return session;
    }

    /**
     * Reopens a stored session: rebuilds the conversation from its events, patches tool calls left
     * without a result (a crash or an interrupt), closes an unfinished turn, and returns the
     * session idle. Call {@link AgentSession#proceed()} to let the model continue, or {@link
     * AgentSession#send} with new input.
     */
    public AgentSession resume(String sessionId) {
      SessionInfo info =
          store
              .session(sessionId)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException("no session '" + sessionId + "' in the store"));
      Path folder = Path.of(info.workspace() == null ? "." : info.workspace());
      createFolder(folder);
      List<Event> events = store.events(sessionId);
      AgentSession session = build(sessionId, folder, events, info);
      return session;
    }

    private AgentSession build(
        String sessionId, Path folder, List<Event> events, SessionInfo info) {
      return Assembly.assemble(
          new Assembly.Parts(
              model,
              store,
              List.copyOf(tools),
              List.copyOf(hooks),
              List.copyOf(listeners),
              Map.copyOf(pinned),
              systemPrompt,
              secrets,
              config,
              pricing,
              clock),
          sessionId,
          folder,
          events,
          info);
    }

    private static void createFolder(Path folder) {
      try {
        Files.createDirectories(folder);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot create workspace " + folder, e);
      }
    }
  }
}
