package dev.mlintern.data.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.command.CommandOutput;
import dev.mlintern.data.hub.HubSummaries;
import dev.mlintern.data.hub.RepoKind;
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
  public Integer call() throws JsonProcessingException {
    JsonNode info = parent.client().info(model ? RepoKind.MODEL : RepoKind.DATASET, id, null);
    return new CommandOutput(HubSummaries.info(info), info).print(spec, json);
  }
}
