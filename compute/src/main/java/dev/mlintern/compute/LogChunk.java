package dev.mlintern.compute;

import java.util.List;

/**
 * Lines read from a job log, the byte offset to pass next time, and whether lines were dropped by
 * the cap.
 */
public record LogChunk(List<String> lines, long nextOffset, boolean truncated) {
  public LogChunk {
    lines = List.copyOf(lines);
  }

  public String text() {
    return String.join("\n", lines);
  }
}
