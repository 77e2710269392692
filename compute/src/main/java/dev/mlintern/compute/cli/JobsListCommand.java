package dev.mlintern.compute.cli;

import dev.mlintern.compute.Compute;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.tools.JobText;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern jobs list}: one line per job (id, state, executor, submitted, command), newest
 * first.
 */
@Command(name = "list", description = "List jobs, newest first.", mixinStandardHelpOptions = true)
public final class JobsListCommand implements Callable<Integer> {
  @ParentCommand JobsCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--limit", defaultValue = "50")
  int limit;

  @Override
  public Integer call() {
    try (Compute compute = parent.open()) {
      for (JobRecord job : compute.jobs().list(null, limit)) {
        JobRecord now = job.recorded() ? job : compute.jobs().refresh(job.id(), e -> {}).job();
        spec.commandLine().getOut().println(JobText.line(now));
      }
      return 0;
    }
  }
}
