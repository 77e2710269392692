package dev.mlintern.web;

/**
 * The web server could not start or serve: port in use, token file unreadable, a refused remote
 * bind.
 */
public class WebException extends RuntimeException {
  public WebException(String message) {
    super(message);
  }

  public WebException(String message, Throwable cause) {
    super(message, cause);
  }
}
