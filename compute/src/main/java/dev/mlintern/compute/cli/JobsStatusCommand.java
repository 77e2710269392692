package dev.mlintern.compute.cli;

import dev.mlintern.compute.Compute;
import dev.mlintern.compute.tools.JobText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern jobs status ID}: state, exit code and latest metrics; settles the job in the
 * ledger if it ended.
 */
@Command(
    name = "status",
    description = "Show a job's state and metrics.",
    mixinStandardHelpOptions = true)
public final class JobsStatusCommand implements Callable<Integer> {
  @ParentCommand JobsCommand parent;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID")
  String id;

  @Override
  public Integer call() {
    try (Compute compute = parent.open()) {
      spec.commandLine().getOut().println(JobText.describe(compute.jobs().refresh(id, e -> {})));
      return 0;
    }
  }
}
