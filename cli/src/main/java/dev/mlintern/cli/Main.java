package dev.mlintern.cli;

import dev.mlintern.app.Config;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the {@code mlintern} command. Exit codes: 0 ok, 1 failure, 2 usage error. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(
        run(
            args,
            System.getenv(),
            System.in,
            utf8(System.out),
            utf8(System.err),
            Launch.ofProcess()));
  }

  private static PrintWriter utf8(java.io.PrintStream stream) {
    return new PrintWriter(
        new java.io.OutputStreamWriter(stream, java.nio.charset.StandardCharsets.UTF_8), true);
  }

  /** Runs one command line with the given environment and writers; what tests call. */
  public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
    return run(args, env, java.io.InputStream.nullInputStream(), out, err);
  }

  /**
   * Runs one command line reading the person's input (messages, approval answers) from {@code in}.
   */
  public static int run(
      String[] args,
      Map<String, String> env,
      java.io.InputStream in,
      PrintWriter out,
      PrintWriter err) {
    return run(args, env, in, out, err, Launch.inProcess());
  }

  private static int run(
      String[] args,
      Map<String, String> env,
      java.io.InputStream in,
      PrintWriter out,
      PrintWriter err,
      Launch launch) {
    CommandLine line;
    try {
      line = Commands.build(Config.load(env, Map.of()), env, in, out, err, launch);
    } catch (Config.ConfigException e) {
      err.println("mlintern: " + e.getMessage());
      return 1;
    }
    return line.execute(args);
  }
}
