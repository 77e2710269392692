package dev.mlintern.web;

import dev.mlintern.core.ApprovalReply;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.store.SessionStore;
import dev.mlintern.core.store.SqliteSessionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A {@link WebEngine} over a real SQLite session store, for tests: inputs are recorded and appended
 * as the events the engine would record; {@code onStart} plays the part of the agent for a new
 * session (written here).
 */
final class StoreEngine implements OverStore, AutoCloseable {
  final SessionStore store;
  final Path workspaces;
  final List<String> messages = new CopyOnWriteArrayList<>();
  final BlockingQueue<ApprovalReply> replies = new LinkedBlockingQueue<>();
  final List<String> interrupts = new CopyOnWriteArrayList<>();
  final List<String> cancelled = new CopyOnWriteArrayList<>();
  private final AtomicInteger ids = new AtomicInteger();
  private volatile BiConsumer<String, NewSession> onStart = (id, request) -> {};

  StoreEngine(Path dir, Secrets secrets) {
    this.store = new SqliteSessionStore(dir.resolve("mlintern.db"), secrets, Clock.systemUTC());
    this.workspaces = dir.resolve("workspaces");
  }

  StoreEngine onStart(BiConsumer<String, NewSession> agent) {
    this.onStart = agent;
    return this;
  }

  /** Creates a session with its first events, as {@code start} would, without running anything. */
  String create(String goal) {
    String id = "s-test" + ids.incrementAndGet();
    Path ws = workspaces.resolve(id);
    try {
      Files.createDirectories(ws);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store.append(id, new AgentEvent.SessionStarted(goal, "scripted", ws.toString()));
    store.append(id, new AgentEvent.UserMessage(goal));
    return id;
  }

  Event append(String session, AgentEvent event) {
    return store.append(session, event);
  }

  @Override
  public SessionStore store() {
    return store;
  }

  @Override
  public String start(NewSession request) {
    String id = create(request.goal());
    Thread agent = new Thread(() -> onStart.accept(id, request), "scripted-agent-" + id);
    agent.setDaemon(true);
    agent.start();
    return id;
  }

  @Override
  public void send(String session, String text) {
    messages.add(text);
    store.append(session, new AgentEvent.UserMessage(text));
  }

  @Override
  public boolean reply(String session, ApprovalReply reply) {
    if (reply.callId().startsWith("gone")) {
      return false;
    }
    replies.add(reply);
    return true;
  }

  @Override
  public void interrupt(String session) {
    interrupts.add(session);
    store.append(session, new AgentEvent.TurnComplete("interrupted", null, null));
  }

  @Override
  public Path workspace(String session) {
    return workspaces.resolve(session);
  }

  @Override
  public Optional<Path> report(String session) {
    Path md = workspace(session).resolve("report.md");
    return Files.exists(md) ? Optional.of(md) : Optional.empty();
  }

  @Override
  public void cancelJob(String session, String jobId) {
    cancelled.add(jobId);
    store.append(
        session, new AgentEvent.JobStatus(jobId, "cancelled", null, "cancelled from the web UI"));
  }

  @Override
  public void close() {
    store.close();
  }
}
