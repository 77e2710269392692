package dev.mlintern.core.store;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import java.io.Writer;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where sessions live: an append-only log of events per session plus derived state (goal, model,
 * status, usage, cost) for listings. Appending assigns the next per-session sequence number inside
 * one transaction, so a process killed at any moment loses no recorded event. Implementations
 * redact declared secrets and known token shapes on append, as the last defence. {@link
 * SqliteSessionStore} is the implementation.
 */
public interface SessionStore extends AutoCloseable {
  /**
   * Stores {@code event} as the next event of {@code session} (creating the session on its first
   * event).
   */
  Event append(String session, AgentEvent event);

  /** All events of a session in sequence order. */
  default List<Event> events(String session) {
    return events(session, 0);
  }

  /**
   * Events of a session with {@code seq > afterSeq}, in order; what an SSE client resuming with
   * Last-Event-ID needs.
   */
  List<Event> events(String session, long afterSeq);

  /**
   * At most {@code limit} events of a session with {@code seq > afterSeq}, in order: one page, so a
   * UI can show the start of a long session and fetch more as it scrolls ({@code afterSeq} = the
   * last seq it has). Implementations should read only the page; this default reads everything
   * after {@code afterSeq}.
   */
  default List<Event> events(String session, long afterSeq, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, not " + limit);
    }
    List<Event> after = events(session, afterSeq);
    return after.size() <= limit ? after : List.copyOf(after.subList(0, limit));
  }

  Optional<SessionInfo> session(String id);

  /** Sessions, most recently updated first. */
  List<SessionInfo> sessions();

  /**
   * Removes a session's row and all its events in one transaction and returns what the session was;
   * empty when there is no session {@code id}. Files are not touched ({@link SessionDeletion}
   * removes the session's outputs folder on request).
   *
   * @throws SessionActiveException when the session is running or waiting for an approval
   */
  Optional<SessionInfo> delete(String id);

  /** Writes a session as JSONL, one {@link dev.mlintern.core.event.EventJson} object per line. */
  void export(String session, Writer out);

  /**
   * Calls {@code listener} with every event this store instance appends, after it is stored. Close
   * to stop.
   */
  AutoCloseable subscribe(Consumer<Event> listener);

  @Override
  void close();
}
