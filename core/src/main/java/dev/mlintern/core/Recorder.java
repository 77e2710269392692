package dev.mlintern.core;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.store.SessionStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends a session's events to the store (which redacts and numbers them) and then hands each
 * stored event to the session's listeners, in order. Also remembers the latest plan for guards and
 * compaction.
 */
final class Recorder {
  private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);

  private final SessionStore store;
  private final String sessionId;
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
  private volatile List<AgentEvent.PlanItem> plan = List.of();

  Recorder(SessionStore store, String sessionId) {
    this.store = store;
    this.sessionId = sessionId;
  }

  synchronized Event record(AgentEvent event) {
    Event stored = store.append(sessionId, event);
    if (stored.body() instanceof AgentEvent.PlanUpdated updated && updated.items() != null) {
      plan = List.copyOf(updated.items());
    }
    for (Consumer<Event> listener : listeners) {
      try {
        listener.accept(stored);
      } catch (RuntimeException e) {
        LOG.warn("session listener failed on event {} of {}", stored.seq(), sessionId, e);
      }
    }
    return stored;
  }

  AutoCloseable subscribe(Consumer<Event> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  List<AgentEvent.PlanItem> plan() {
    return plan;
  }

  void restorePlan(List<AgentEvent.PlanItem> items) {
    plan = List.copyOf(items);
  }

  String sessionId() {
    return sessionId;
  }
}
