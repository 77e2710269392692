package dev.mlintern.data.hub;

/** Hub repository kinds and how each appears in API paths and resolve URLs. */
public enum RepoKind {
  DATASET("datasets", "datasets/"),
  MODEL("models", "");

  private final String apiSegment;
  private final String urlPrefix;

  RepoKind(String apiSegment, String urlPrefix) {
    this.apiSegment = apiSegment;
    this.urlPrefix = urlPrefix;
  }

  /** {@code datasets} or {@code models}, as in {@code /api/datasets/...}. */
  public String apiSegment() {
    return apiSegment;
  }

  /**
   * Prefix of the repo in web URLs ({@code /datasets/{id}/resolve/...}, {@code /{id}/resolve/...}).
   */
  public String urlPrefix() {
    return urlPrefix;
  }

  public String singular() {
    return this == DATASET ? "dataset" : "model";
  }
}
