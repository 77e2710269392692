package dev.mlintern.cli;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * One behaviour for every command of the tree, whichever module contributed it: {@code -h} and
 * {@code --help} everywhere, {@code --version} only on {@code mlintern} itself, and one error
 * style, {@code mlintern <command>: <what was wrong and what to do>}, exit 2 for usage errors and 1
 * for failures, with no Java exception names.
 */
final class CommandStyle {
  private CommandStyle() {}

  static void apply(CommandLine root) {
    for (CommandLine sub : root.getSubcommands().values()) {
      helpWithoutVersion(sub);
    }
    root.setParameterExceptionHandler(
        (e, args) -> {
          CommandLine cmd = e.getCommandLine();
          String name = cmd.getCommandSpec().qualifiedName();
          cmd.getErr()
              .println(
                  name
                      + ": "
                      + e.getMessage()
                      + "; see '"
                      + name.replaceFirst("^mlintern", "mlintern help").strip()
                      + "'");
          return 2;
        });
    root.setExecutionExceptionHandler(
        (e, cmd, parsed) -> {
          cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + message(e));
          return 1;
        });
  }

  private static void helpWithoutVersion(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    OptionSpec version = spec.findOption("--version");
    if (version != null) {
      spec.remove(version);
    }
    if (spec.findOption("--help") == null) {
      spec.addOption(
          OptionSpec.builder("-h", "--help")
              .usageHelp(true)
              .description("Show this help message and exit.")
              .build());
    }
    for (CommandLine sub : command.getSubcommands().values()) {
      helpWithoutVersion(sub);
    }
  }

  /** What went wrong in words: the message, or for a failed connection what to change. */
  static String message(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof HttpConnectTimeoutException) {
        return "cannot connect"
            + (e.getMessage() == null || e.getMessage().equals(t.toString())
                ? ""
                : " (" + e.getMessage() + ")")
            + "; check the network or the service's base URL setting";
      }
    }
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return e.getMessage();
    }
    return e.getCause() != null ? message(e.getCause()) : "failed unexpectedly";
  }
}
