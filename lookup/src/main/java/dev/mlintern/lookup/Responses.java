package dev.mlintern.lookup;

import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import dev.mlintern.research.http.Fetched;

/**
 * What a non-2xx answer of a look-up service means for the model, in one line: not found, refused
 * (with the server's own message), or broken.
 */
public final class Responses {
  private Responses() {}

  /** Returns {@code fetched} when it succeeded, else throws the error it stands for. */
  public static Fetched ok(Fetched fetched, String service, String what) {
    if (fetched.ok()) {
      return fetched;
    }
    int status = fetched.status();
    String detail = fetched.errorMessage();
    if (status == 404) {
      throw new ResearchException(Kind.NOT_FOUND, service + " has no " + what + " (HTTP 404)");
    }
    if (status == 401 || status == 403) {
      throw new ResearchException(
          Kind.BAD_REQUEST,
          service + " refused the request for " + what + " (HTTP " + status + ": " + detail + ")");
    }
    if (status / 100 == 4) {
      throw new ResearchException(
          Kind.BAD_REQUEST,
          service + " rejected the request for " + what + " (HTTP " + status + ": " + detail + ")");
    }
    throw new ResearchException(
        Kind.UNAVAILABLE,
        service + " failed on " + what + " (HTTP " + status + "); try again later");
  }
}
