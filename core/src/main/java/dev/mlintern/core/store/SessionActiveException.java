package dev.mlintern.core.store;

/**
 * A session cannot be deleted while it is running or waiting for an approval; the message says so
 * and what to do.
 */
public final class SessionActiveException extends StoreException {
  SessionActiveException(SessionInfo session) {
    super(
        "session "
            + session.id()
            + " is "
            + session.status()
            + "; interrupt it (or let it finish) before deleting it",
        null);
  }
}
