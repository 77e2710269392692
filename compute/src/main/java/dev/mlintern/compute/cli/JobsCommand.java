package dev.mlintern.compute.cli;

import dev.mlintern.compute.Compute;
import dev.mlintern.core.config.Settings;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern jobs}: submit, list, inspect, read and cancel jobs from the shell. Jobs submitted
 * here are the user's.
 */
@Command(
    name = "jobs",
    description = "Run and follow jobs (local, slurm, hf-jobs).",
    mixinStandardHelpOptions = true,
    subcommands = {
      JobsSubmitCommand.class,
      JobsListCommand.class,
      JobsStatusCommand.class,
      JobsLogsCommand.class,
      JobsCancelCommand.class,
      JobsFetchCommand.class
    })
public final class JobsCommand implements Callable<Integer> {
  private final Settings settings;
  @Spec CommandSpec spec;

  public JobsCommand(Settings settings) {
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
