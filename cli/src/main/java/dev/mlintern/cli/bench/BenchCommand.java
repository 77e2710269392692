package dev.mlintern.cli.bench;

import dev.mlintern.app.Config;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlintern bench}: run a bench task ({@code run}) or grade a submission ({@code grade}). */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run and grade offline bench tasks.")
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  private BenchCommand() {}

  /**
   * The {@code bench} command with its {@code run} and {@code grade} subcommands, ready to
   * register.
   */
  public static CommandLine create(Config config) {
    CommandLine line = new CommandLine(new BenchCommand());
    line.addSubcommand("run", new BenchRunCommand(config));
    line.addSubcommand("grade", new BenchGradeCommand());
    return line;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
