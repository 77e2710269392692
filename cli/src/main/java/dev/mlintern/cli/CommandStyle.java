package dev.mlintern.cli;

import dev.mlintern.core.command.CommandErrors;
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
    root.setExecutionExceptionHandler(new CommandErrors());
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
}
