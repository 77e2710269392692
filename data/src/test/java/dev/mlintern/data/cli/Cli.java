package dev.mlintern.data.cli;

import dev.mlintern.core.command.CommandErrors;
import dev.mlintern.core.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/** Runs a command line in-process and captures what it printed. */
record Cli(int exit, String out, String err) {
  static Cli run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setExecutionExceptionHandler(new CommandErrors());
    int exit = cl.execute(args);
    return new Cli(exit, out.toString(), err.toString());
  }

  static Settings settings(Path home, Map<String, String> values) {
    return Settings.of(home, values);
  }
}
