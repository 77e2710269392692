package dev.mlintern.app;

import dev.mlintern.core.command.CommandFailure;

/**
 * A project folder or goal that cannot be used as given (a missing workspace, a data file that does
 * not exist, a goal the autopilot cannot act on); the message says what was wrong and what to do.
 * Commands report it in one line with exit code 2, before any job starts.
 */
public final class ProjectException extends RuntimeException implements CommandFailure {
  public ProjectException(String message) {
    super(message);
  }

  @Override
  public int exitCode() {
    return 2;
  }
}
