package dev.mlintern.web;

import dev.mlintern.core.AgentSession;
import dev.mlintern.core.ApprovalReply;
import dev.mlintern.core.store.SessionDeletion;
import dev.mlintern.core.store.SessionInfo;
import dev.mlintern.core.store.SessionStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The {@link WebEngine} over core's {@link AgentSession}s and a {@link SessionStore}: sessions
 * started here live in this process; a stored session that is not live is resumed on its first
 * input. {@code app} supplies the {@link Sessions} factory (model, tools, budgets from the form)
 * and, when it has an executor, the job canceller.
 */
public final class AgentEngine implements OverStore, AutoCloseable {
  /** Builds sessions the way {@code app} wires them. */
  public interface Sessions {
    /**
     * Builds and starts a new session for the form's request (its first turn runs in the
     * background).
     */
    AgentSession start(NewSession request);

    /** Reopens a stored session so it can take input. */
    AgentSession resume(SessionInfo session);
  }

  private final SessionStore store;
  private final Sessions sessions;
  private final BiConsumer<String, String> cancelJob;
  private final Map<String, AgentSession> live = new ConcurrentHashMap<>();

  /**
   * {@code cancelJob} gets (session id, job id); pass {@code (s, j) -> {}} where jobs cannot be
   * cancelled.
   */
  public AgentEngine(SessionStore store, Sessions sessions, BiConsumer<String, String> cancelJob) {
    this.store = store;
    this.sessions = sessions;
    this.cancelJob = cancelJob;
  }

  @Override
  public SessionStore store() {
    return store;
  }

  @Override
  public String start(NewSession request) {
    AgentSession session = sessions.start(request);
    live.put(session.id(), session);
    return session.id();
  }

  @Override
  public void send(String session, String text) {
    open(session).send(text);
  }

  @Override
  public boolean reply(String session, ApprovalReply reply) {
    AgentSession open = live.get(session);
    return open != null && open.reply(reply);
  }

  @Override
  public void interrupt(String session) {
    AgentSession open = live.get(session);
    if (open != null) {
      open.interrupt();
    }
  }

  @Override
  public Path workspace(String session) {
    String folder = store.session(session).map(SessionInfo::workspace).orElse(null);
    if (folder == null) {
      throw new WebException("session " + session + " has no workspace");
    }
    return Path.of(folder);
  }

  /**
   * {@code report.html}, else {@code report.md}, in the session's run folder of its project, else
   * in its workspace.
   */
  @Override
  public Optional<Path> report(String session) {
    for (Path folder : SessionResult.folders(workspace(session), session)) {
      for (String name : List.of("report.html", "report.md")) {
        if (Files.isRegularFile(folder.resolve(name))) {
          return Optional.of(folder.resolve(name));
        }
      }
    }
    return Optional.empty();
  }

  /** Deletes from the store, then forgets the session here (it was idle, so nothing runs). */
  @Override
  public Optional<SessionDeletion.Deleted> delete(String session, boolean removeOutputs) {
    Optional<SessionDeletion.Deleted> deleted =
        SessionDeletion.delete(store, session, removeOutputs);
    AgentSession open = live.remove(session);
    if (open != null) {
      open.detach();
    }
    return deleted;
  }

  @Override
  public void cancelJob(String session, String jobId) {
    cancelJob.accept(session, jobId);
  }

  private AgentSession open(String id) {
    return live.computeIfAbsent(
        id,
        key ->
            sessions.resume(
                store.session(key).orElseThrow(() -> new WebException("no session " + key))));
  }

  /**
   * Leaves live sessions running their jobs ({@link AgentSession#detach}); the store keeps their
   * history.
   */
  @Override
  public void close() {
    live.values().forEach(AgentSession::detach);
    live.clear();
  }
}
