package dev.mlintern.data.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.command.CommandOutput;
import dev.mlintern.data.hub.HubRecords.SearchQuery;
import dev.mlintern.data.hub.RepoKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern hub search QUERY}: one line per dataset (or model with {@code --models}): id,
 * downloads, likes.
 */
@Command(
    name = "search",
    description = "Search Hub datasets (or models).",
    mixinStandardHelpOptions = true)
public final class HubSearchCommand implements Callable<Integer> {
  @ParentCommand HubCommand parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", arity = "0..1", paramLabel = "QUERY")
  String query;

  @Option(names = "--models", description = "search models instead of datasets")
  boolean models;

  @Option(names = "--author")
  String author;

  @Option(names = "--filter", description = "tag filter, repeatable, e.g. arxiv:1804.07461")
  List<String> filters = new ArrayList<>();

  @Option(
      names = "--sort",
      description = "downloads, likes, trendingScore, lastModified, createdAt")
  String sort;

  @Option(names = "--limit", defaultValue = "20")
  int limit;

  @Option(names = "--json", description = "print the raw list as JSON")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    var page =
        parent
            .client()
            .search(
                models ? RepoKind.MODEL : RepoKind.DATASET,
                new SearchQuery(query, author, filters, sort, limit));
    StringBuilder text = new StringBuilder();
    for (JsonNode item : page.items()) {
      text.append(item.path("id").asText())
          .append("\tdownloads=")
          .append(item.path("downloads").asLong())
          .append("\tlikes=")
          .append(item.path("likes").asLong())
          .append('\n');
    }
    return new CommandOutput(text.toString(), page.items()).print(spec, json);
  }
}
