package dev.mlintern.data.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.data.hub.HubSummaries;
import dev.mlintern.data.hub.RepoKind;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern hub info ID}: a dataset's (or model's) id, sha, downloads, likes, tags and files.
 */
@Command(
    name = "info",
    description = "Show a Hub dataset's (or model's) info.",
    mixinStandardHelpOptions = true)
public final class HubInfoCommand implements Callable<Integer> {
  @ParentCommand HubCommand parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ID")
  String id;

  @Option(names = "--model", description = "the id is a model")
  boolean model;

  @Option(names = "--json", description = "print the raw info as JSON")
  boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return CommandSupport.run(
        spec.commandLine().getErr(),
        () -> {
          JsonNode info = parent.client().info(model ? RepoKind.MODEL : RepoKind.DATASET, id, null);
          if (json) {
            out.println(info.toPrettyString());
          } else {
            out.print(HubSummaries.info(info));
          }
          out.flush();
          return 0;
        });
  }
}
