package dev.mlintern.core.config;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;

/**
 * The one judgement and wording for a service that does not answer at all: the connection was
 * refused, the host is unreachable or unknown, or it gave no answer within {@link
 * Endpoints#CONNECT_TIMEOUT}. Such a failure is not retried (the next try would fail the same way)
 * and is said in one line naming the setting that holds the service's address.
 */
public final class Unreachable {
  private Unreachable() {}

  /** Whether {@code e}, or what caused it, says that nothing answered at the host. */
  public static boolean is(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof HttpConnectTimeoutException
          || t instanceof UnknownHostException) {
        return true;
      }
    }
    return false;
  }

  /**
   * "HF Papers: nothing answers at http://10.0.0.1:8080 (no answer within 1.5 s); check the
   * network, or set MLINTERN_PAPERS_URL to a server that answers".
   *
   * @param setting the setting that holds {@code base}
   */
  public static String message(String service, String base, Throwable e, String setting) {
    return service
        + ": nothing answers at "
        + base
        + " ("
        + why(e)
        + "); check the network, or set "
        + setting
        + " to a server that answers";
  }

  private static String why(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof HttpConnectTimeoutException) {
        return "no answer within " + Endpoints.CONNECT_TIMEOUT.toMillis() / 1000.0 + " s";
      }
      if (t instanceof UnknownHostException) {
        return "unknown host";
      }
      if (t instanceof NoRouteToHostException) {
        return "no route to the host";
      }
      if (t instanceof ConnectException
          && t.getMessage() != null
          && t.getMessage().toLowerCase(java.util.Locale.ROOT).contains("unreachable")) {
        return "network unreachable";
      }
    }
    return "connection refused";
  }
}
