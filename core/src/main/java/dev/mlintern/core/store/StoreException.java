package dev.mlintern.core.store;

/**
 * The session store could not read or write (disk full, locked beyond the busy timeout, corrupt
 * file).
 */
public class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
