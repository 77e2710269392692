package dev.mlintern.data.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.data.hub.HubRecords.SearchQuery;
import dev.mlintern.data.hub.RepoKind;
import java.io.PrintWriter;
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
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return CommandSupport.run(
        spec.commandLine().getErr(),
        () -> {
          var page =
              parent
                  .client()
                  .search(
                      models ? RepoKind.MODEL : RepoKind.DATASET,
                      new SearchQuery(query, author, filters, sort, limit));
          if (json) {
            out.println(new ObjectMapper().valueToTree(page.items()).toPrettyString());
          } else {
            for (JsonNode item : page.items()) {
              out.println(
                  item.path("id").asText()
                      + "\tdownloads="
                      + item.path("downloads").asLong()
                      + "\tlikes="
                      + item.path("likes").asLong());
            }
          }
          out.flush();
          return 0;
        });
  }
}
