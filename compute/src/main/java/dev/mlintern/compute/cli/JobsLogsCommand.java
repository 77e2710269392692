package dev.mlintern.compute.cli;

import dev.mlintern.compute.Compute;
import dev.mlintern.compute.LogChunk;
import dev.mlintern.compute.LogQuery;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern jobs logs ID [--tail N | --since OFFSET] [--grep RE]}: prints log lines; the next
 * offset goes to stderr.
 */
@Command(name = "logs", description = "Print a job's log.", mixinStandardHelpOptions = true)
public final class JobsLogsCommand implements Callable<Integer> {
  @ParentCommand JobsCommand parent;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID")
  String id;

  @Option(names = "--tail", defaultValue = "100")
  int tail;

  @Option(names = "--since", description = "byte offset to read from")
  Long since;

  @Option(names = "--grep", description = "only lines matching this regex")
  String grep;

  @Override
  public Integer call() {
    try (Compute compute = parent.open()) {
      LogQuery query =
          since != null
              ? new LogQuery(null, since, grep, 1 << 20)
              : new LogQuery(tail, null, grep, 1 << 20);
      LogChunk chunk = compute.jobs().logs(id, query);
      chunk.lines().forEach(spec.commandLine().getOut()::println);
      spec.commandLine().getErr().println("[next offset " + chunk.nextOffset() + "]");
      return 0;
    }
  }
}
