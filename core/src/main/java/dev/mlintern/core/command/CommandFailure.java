package dev.mlintern.core.command;

/**
 * A module's exception that says which exit code a command ends with when it throws it: 2 when the
 * person's input was wrong (a malformed id, an invalid request), 1 when the work failed. {@link
 * CommandErrors} asks it; an exception that does not implement it exits 1 (a {@code ToolException},
 * 2).
 */
public interface CommandFailure {
  int exitCode();
}
