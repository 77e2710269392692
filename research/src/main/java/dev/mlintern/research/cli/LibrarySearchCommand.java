package dev.mlintern.research.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlintern.core.command.CommandOutput;
import dev.mlintern.research.Listings;
import dev.mlintern.research.library.LibraryHit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mlintern library search QUERY}: the best section of each matching library paper. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    description = "Search the local paper library (offline).")
public final class LibrarySearchCommand implements Callable<Integer> {
  @ParentCommand LibraryCommand parent;
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "QUERY",
      description = "Words to look for (Lucene syntax works).")
  String[] query;

  @Option(
      names = "--limit",
      defaultValue = "10",
      description = "How many papers. Default: ${DEFAULT-VALUE}.")
  int limit;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    List<LibraryHit> hits =
        parent.library().search(String.join(" ", query), Math.max(1, Math.min(100, limit)));
    return new CommandOutput(
            hits.size() + " papers (from the local library)\n" + Listings.hits(hits),
            Map.of("origin", "library", "hits", hits))
        .print(spec, json);
  }
}
