package dev.mlintern.compute.cli;

import dev.mlintern.compute.Compute;
import dev.mlintern.core.config.Settings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mlintern experiments}: the ledger of experiments and runs. */
@Command(
    name = "experiments",
    description = "Browse the experiment ledger.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ExperimentsListCommand.class,
      ExperimentsShowCommand.class,
      ExperimentsCompareCommand.class
    })
public final class ExperimentsCommand implements Callable<Integer> {
  private final Settings settings;
  @Spec CommandSpec spec;

  public ExperimentsCommand(Settings settings) {
    this.settings = settings;
  }

  Compute open() {
    return Compute.open(settings);
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
