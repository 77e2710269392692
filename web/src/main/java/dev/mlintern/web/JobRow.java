package dev.mlintern.web;

/** One job as the jobs page lists it; {@code exitCode} is null while it runs. */
public record JobRow(
    String jobId, String executor, String command, String state, Integer exitCode, String message) {
  public boolean finished() {
    return switch (state) {
      case "succeeded", "failed", "cancelled", "timed_out", "lost", "completed", "error" -> true;
      default -> false;
    };
  }
}
