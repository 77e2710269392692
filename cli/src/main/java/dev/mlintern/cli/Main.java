package dev.mlintern.cli;

import dev.mlintern.app.Config;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the {@code mlintern} command. Exit codes: 0 ok, 1 failure, 2 usage error. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs one command line with the given environment and writers; what tests call. */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    CommandLine line;
    try {
      line = Commands.build(Config.load(env, Map.of()), env, out, err);
    } catch (Config.ConfigException e) {
      err.println("mlintern: " + e.getMessage());
      return 1;
    }
    return line.execute(args);
  }
}
