package dev.mlintern.compute.cli;

import dev.mlintern.compute.Compute;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern jobs fetch ID [--to DIR]}: downloads a remote job's kept outputs (by default into
 * its local job folder, where {@code jobs status} then reads its result) and prints each file.
 */
@Command(
    name = "fetch",
    description = "Download a remote job's outputs (default: into its job folder).",
    mixinStandardHelpOptions = true)
public final class JobsFetchCommand implements Callable<Integer> {
  @ParentCommand JobsCommand parent;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID")
  String id;

  @Option(names = "--to", paramLabel = "DIR", description = "folder to write the outputs into")
  Path to;

  @Override
  public Integer call() {
    try (Compute compute = parent.open()) {
      List<Path> files = compute.jobs().fetchOutputs(id, to == null ? null : to.toAbsolutePath());
      files.forEach(spec.commandLine().getOut()::println);
      spec.commandLine()
          .getErr()
          .println(
              "fetched " + files.size() + " file" + (files.size() == 1 ? "" : "s") + " of " + id);
      return 0;
    }
  }
}
