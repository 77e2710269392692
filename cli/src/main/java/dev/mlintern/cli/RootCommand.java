package dev.mlintern.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlintern}: with no subcommand, prints the usage. */
@Command(
    name = "mlintern",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description =
        "An autonomous ML research agent: reads papers, audits data, runs and reads experiments, reports.")
final class RootCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
