package dev.mlintern.compute.cli;

import dev.mlintern.compute.Compute;
import dev.mlintern.compute.ledger.RunComparison;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern experiments compare A B}: config differences and metrics of two runs (run or job
 * ids).
 */
@Command(name = "compare", description = "Compare two runs.", mixinStandardHelpOptions = true)
public final class ExperimentsCompareCommand implements Callable<Integer> {
  @ParentCommand ExperimentsCommand parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A")
  String a;

  @Parameters(index = "1", paramLabel = "B")
  String b;

  @Override
  public Integer call() {
    try (Compute compute = parent.open()) {
      spec.commandLine()
          .getOut()
          .println(
              RunComparison.text(compute.ledger().requireRun(a), compute.ledger().requireRun(b)));
      return 0;
    }
  }
}
