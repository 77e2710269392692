package dev.mlintern.app;

/** Another live process is running the session this one tried to open; the message names it. */
public final class SessionBusyException extends RuntimeException {
  public SessionBusyException(String message) {
    super(message);
  }
}
