package dev.mlintern.compute.cli;

import dev.mlintern.compute.Compute;
import dev.mlintern.compute.JobException;
import dev.mlintern.compute.ledger.RunName;
import dev.mlintern.compute.ledger.RunRecord;
import dev.mlintern.compute.tools.ExperimentsTool;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern experiments show NAME}: one line per run (its name as the web UI gives it, id,
 * status, job, metrics, seed).
 */
@Command(name = "show", description = "Show an experiment's runs.", mixinStandardHelpOptions = true)
public final class ExperimentsShowCommand implements Callable<Integer> {
  @ParentCommand ExperimentsCommand parent;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  public Integer call() {
    try (Compute compute = parent.open()) {
      List<RunRecord> runs = compute.ledger().runs(name);
      if (runs.isEmpty()) {
        throw new JobException(
            JobException.Kind.NOT_FOUND, "no experiment '" + name + "' (see experiments list)");
      }
      runs.forEach(
          r ->
              spec.commandLine()
                  .getOut()
                  .println(
                      RunName.of(r.id(), r.config(), command(compute, r.jobId()))
                          + "\t"
                          + ExperimentsTool.line(r, null)));
      return 0;
    }
  }

  private static String command(Compute compute, String jobId) {
    return jobId == null ? null : compute.jobs().job(jobId).command();
  }
}
