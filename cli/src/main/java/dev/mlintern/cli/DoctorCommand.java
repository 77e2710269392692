package dev.mlintern.cli;

import dev.mlintern.app.Config;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern doctor}: what this machine offers mlintern — Java, the Python local jobs use and
 * which packages of each tier it has, a GPU, Slurm, the shell sandbox, which keys are set (names
 * only, never values) and whether configured endpoints answer; {@code --json} prints it as one
 * object.
 */
@Command(
    name = "doctor",
    description = "Check Java, Python, GPU, Slurm, sandbox, keys and endpoints.")
final class DoctorCommand implements java.util.concurrent.Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--offline", description = "Skip endpoint reachability checks.")
  boolean offline;

  private final Config config;
  private final Map<String, String> env;

  DoctorCommand(Config config, Map<String, String> env) {
    this.config = config;
    this.env = env;
  }

  @Option(names = "--json", description = "Print one JSON object instead of lines.")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DoctorChecks checks = new DoctorChecks(config, env, offline);
    var report = checks.run();
    if (json) {
      out.println(report.toString());
    } else {
      checks.print(report, out);
    }
    return 0;
  }
}
