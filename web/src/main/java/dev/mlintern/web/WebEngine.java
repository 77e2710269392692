package dev.mlintern.web;

import dev.mlintern.core.ApprovalReply;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.store.SessionDeletion;
import dev.mlintern.core.store.SessionInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Everything the web UI needs from the engine, and nothing more: read sessions and their events,
 * follow new events, and send inputs (start, message, approval reply, interrupt, job cancel).
 * {@code app} adapts its own facade to this; tests implement it over a store and a scripted model.
 * The UI never reaches into the loop: it renders events and sends inputs through this interface.
 *
 * <p>Jobs and ledger rows have defaults derived from the session's own events ({@link EventFolds}),
 * so an engine only overrides them when it knows more (live executor logs, the ledger table).
 */
public interface WebEngine {
  /** Sessions, most recently updated first. */
  List<SessionInfo> sessions();

  Optional<SessionInfo> session(String id);

  /** Events of {@code session} with {@code seq > afterSeq}, in order. */
  List<Event> events(String session, long afterSeq);

  /** Calls {@code listener} after each event is stored; closing the handle stops it. */
  AutoCloseable subscribe(Consumer<Event> listener);

  /** Starts a session in the background and returns its id at once. */
  String start(NewSession request);

  /**
   * Sends a user message; a session that is not live in this process is opened (resumed from the
   * store) first.
   */
  void send(String session, String text);

  /**
   * Answers a pending approval; false when no call with that id is waiting (answered already, or a
   * restart).
   */
  boolean reply(String session, ApprovalReply reply);

  /** Interrupts the session's current turn. */
  void interrupt(String session);

  /** The session's workspace folder (artifacts are served from below it only). */
  Path workspace(String session);

  /** The session's rendered report (HTML or Markdown), when one was written. */
  Optional<Path> report(String session);

  /**
   * Deletes a session that is not running (and, when {@code removeOutputs}, its {@code
   * mlintern-runs/<session>} folder); empty when there is no such session.
   *
   * @throws IllegalArgumentException when {@code session} is not shaped like a session id
   * @throws dev.mlintern.core.store.SessionActiveException when it is running or waiting
   */
  Optional<SessionDeletion.Deleted> delete(String session, boolean removeOutputs);

  /** Cancels a job the session started. */
  void cancelJob(String session, String jobId);

  /** The session's jobs, newest first. */
  default List<JobRow> jobs(String session) {
    return EventFolds.jobs(events(session, 0));
  }

  /** The last {@code lines} log lines of a job. */
  default List<String> jobLog(String session, String jobId, int lines) {
    return EventFolds.log(events(session, 0), jobId, lines);
  }

  /** The session's experiment runs with their final metrics, oldest first. */
  default List<LedgerRow> ledger(String session) {
    return EventFolds.ledger(events(session, 0));
  }
}
