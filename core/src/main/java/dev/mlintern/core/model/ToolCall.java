package dev.mlintern.core.model;

import java.util.Objects;

/**
 * A tool call as the model produced it. {@code arguments} is the raw JSON text: it may be
 * malformed, and the loop's guards decide what to do about that, never the adapter.
 */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    Objects.requireNonNull(id, "id");
    name = name == null ? "" : name;
    arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
  }
}
