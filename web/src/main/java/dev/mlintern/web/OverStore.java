package dev.mlintern.web;

import dev.mlintern.core.event.Event;
import dev.mlintern.core.store.SessionDeletion;
import dev.mlintern.core.store.SessionInfo;
import dev.mlintern.core.store.SessionStore;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** A {@link WebEngine} whose sessions and events are read straight from a {@link SessionStore}. */
interface OverStore extends WebEngine {
  SessionStore store();

  @Override
  default List<SessionInfo> sessions() {
    return store().sessions();
  }

  @Override
  default Optional<SessionInfo> session(String id) {
    return store().session(id);
  }

  @Override
  default List<Event> events(String session, long afterSeq) {
    return store().events(session, afterSeq);
  }

  @Override
  default Optional<SessionDeletion.Deleted> delete(String session, boolean removeOutputs) {
    return SessionDeletion.delete(store(), session, removeOutputs);
  }

  @Override
  default AutoCloseable subscribe(Consumer<Event> listener) {
    return store().subscribe(listener);
  }
}
