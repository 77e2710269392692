package dev.mlintern.core.command;

import dev.mlintern.core.tool.ToolException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * How every command ends when it throws, whichever module contributed it: one line on stderr,
 * {@code mlintern <command>: <what was wrong and what to do>}, with no Java exception names, and
 * exit 2 when the person's input was wrong ({@link CommandFailure}, a {@link ToolException}) or 1
 * for a failure. So a command's {@code call} holds only its work and lets its module's exception
 * go; {@code cli} installs this handler on the root, a module's tests on the command they run.
 */
public final class CommandErrors implements IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
    command.getErr().println(name(command.getCommandSpec()) + ": " + message(e));
    command.getErr().flush();
    return exitCode(e);
  }

  /**
   * {@code mlintern} and the command's path below it, whether or not the tree's root is mlintern.
   */
  public static String name(CommandSpec spec) {
    String name = spec.qualifiedName();
    return name.equals("mlintern") || name.startsWith("mlintern ") ? name : "mlintern " + name;
  }

  /** What went wrong in words: the message, or for a failed connection what to change. */
  public static String message(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
        return "cannot connect"
            + (e.getMessage() == null || e.getMessage().equals(t.toString())
                ? ""
                : " (" + e.getMessage() + ")")
            + "; check the network or the service's base URL setting";
      }
    }
    if (e instanceof UncheckedIOException && e.getCause() != null) {
      return message(e.getCause());
    }
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return e.getMessage();
    }
    return e.getCause() != null ? message(e.getCause()) : "failed unexpectedly";
  }

  static int exitCode(Throwable e) {
    if (e instanceof CommandFailure failure) {
      return failure.exitCode();
    }
    return e instanceof ToolException ? 2 : 1;
  }
}
