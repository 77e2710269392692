package dev.mlintern.compute.cli;

import dev.mlintern.core.command.CommandErrors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * Runs a command in-process as the tree does (its error handling included) and keeps its output.
 */
record Cli(int code, String out, String err) {
  static Cli run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setExecutionExceptionHandler(new CommandErrors());
    int code = cli.execute(args);
    return new Cli(code, out.toString(), err.toString());
  }

  String lastLine() {
    List<String> lines = out.strip().lines().toList();
    return lines.get(lines.size() - 1);
  }
}
