package dev.mlintern.compute.cli;

import dev.mlintern.compute.Compute;
import dev.mlintern.compute.ledger.Ledger;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mlintern experiments list}: name, run count and goal of every experiment. */
@Command(name = "list", description = "List experiments.", mixinStandardHelpOptions = true)
public final class ExperimentsListCommand implements Callable<Integer> {
  @ParentCommand ExperimentsCommand parent;
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    try (Compute compute = parent.open()) {
      for (Ledger.ExperimentSummary e : compute.ledger().experiments()) {
        spec.commandLine()
            .getOut()
            .println(e.name() + "\t" + e.runs() + "\t" + (e.goal() == null ? "" : e.goal()));
      }
      return 0;
    }
  }
}
