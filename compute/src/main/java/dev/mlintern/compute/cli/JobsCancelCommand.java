package dev.mlintern.compute.cli;

import dev.mlintern.compute.Compute;
import dev.mlintern.compute.tools.JobText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mlintern jobs cancel ID}: stops the job and everything it started. */
@Command(name = "cancel", description = "Cancel a job.", mixinStandardHelpOptions = true)
public final class JobsCancelCommand implements Callable<Integer> {
  @ParentCommand JobsCommand parent;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID")
  String id;

  @Override
  public Integer call() {
    try (Compute compute = parent.open()) {
      spec.commandLine().getOut().println(JobText.describe(compute.jobs().cancel(id, e -> {})));
      return 0;
    }
  }
}
