package dev.mlintern.testkit;

import dev.mlintern.core.command.CommandErrors;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/**
 * A module's command run in-process as the {@code mlintern} tree runs it (its error handling,
 * {@link CommandErrors}, included): the exit code and what it printed on stdout and stderr.
 */
public record CommandRun(int exit, String out, String err) {
  public static CommandRun run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine line = new CommandLine(command);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    line.setExecutionExceptionHandler(new CommandErrors());
    int exit = line.execute(args);
    return new CommandRun(exit, out.toString(), err.toString());
  }

  /** The last line printed on stdout (a submitted job's id, say). */
  public String lastLine() {
    List<String> lines = out.strip().lines().toList();
    return lines.get(lines.size() - 1);
  }
}
