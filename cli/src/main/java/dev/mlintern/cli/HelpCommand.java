package dev.mlintern.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mlintern help [COMMAND...]}: the usage of the whole tool or of one (sub)command. */
@Command(name = "help", description = "Show the usage of mlintern or of a command.")
final class HelpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "COMMAND",
      arity = "0..*",
      description = "A command and subcommands, e.g. 'jobs submit'.")
  List<String> path = List.of();

  @Override
  public Integer call() {
    CommandLine command = spec.parent().commandLine();
    for (String name : path) {
      CommandLine sub = command.getSubcommands().get(name);
      if (sub == null) {
        spec.commandLine()
            .getErr()
            .println(
                "mlintern help: unknown command '"
                    + String.join(" ", path)
                    + "'; 'mlintern help' lists the commands");
        return 2;
      }
      command = sub;
    }
    command.usage(spec.commandLine().getOut());
    return 0;
  }
}
