package dev.mlintern.research.library;

import java.util.List;

/**
 * What {@code library add} did: files indexed for the first time, re-indexed because their content
 * changed, left alone because size, time and hash matched, dropped because they disappeared, and
 * those that could not be read (with the reason).
 */
public record AddReport(
    List<String> added,
    List<String> updated,
    int unchanged,
    List<String> removed,
    List<Failure> failed,
    int total) {
  public AddReport {
    added = List.copyOf(added);
    updated = List.copyOf(updated);
    removed = List.copyOf(removed);
    failed = List.copyOf(failed);
  }

  /** A file that could not be indexed, and why. */
  public record Failure(String path, String reason) {}

  public String summary() {
    return "indexed "
        + added.size()
        + " new, "
        + updated.size()
        + " changed, "
        + unchanged
        + " unchanged, "
        + removed.size()
        + " removed, "
        + failed.size()
        + " unreadable; "
        + total
        + " papers in the library";
  }
}
