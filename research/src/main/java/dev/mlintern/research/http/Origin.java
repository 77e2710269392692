package dev.mlintern.research.http;

/**
 * Where an answer came from; tools and commands tell the user, so offline answers are never
 * mistaken for live ones.
 */
public enum Origin {
  NETWORK("live"),
  CACHE("from cache"),
  STALE_CACHE("from cache (stale: the source could not be reached)"),
  LIBRARY("from the local library");

  private final String label;

  Origin(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }

  /**
   * The less live of two origins, for answers assembled from several requests; {@code so far} may
   * be null.
   */
  public static Origin combine(Origin soFar, Origin next) {
    return soFar == null || next.ordinal() > soFar.ordinal() ? next : soFar;
  }
}
