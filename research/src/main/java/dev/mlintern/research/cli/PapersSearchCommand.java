package dev.mlintern.research.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlintern.core.command.CommandOutput;
import dev.mlintern.research.Listings;
import dev.mlintern.research.Research;
import dev.mlintern.research.http.Origin;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern papers search QUERY}: papers matching a query; from the library when the source
 * is unreachable.
 */
@Command(name = "search", mixinStandardHelpOptions = true, description = "Search papers.")
public final class PapersSearchCommand implements Callable<Integer> {
  @ParentCommand PapersCommand parent;
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "QUERY", description = "Words to search for.")
  String[] query;

  @Option(
      names = "--source",
      defaultValue = "hf",
      description = "hf (HF Papers), arxiv or s2 (Semantic Scholar). Default: ${DEFAULT-VALUE}.")
  String source;

  @Option(
      names = "--limit",
      defaultValue = "10",
      description = "How many results. Default: ${DEFAULT-VALUE}.")
  int limit;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    String q = String.join(" ", query);
    Research.SearchOutcome outcome =
        parent.research().search(q, source, Math.max(1, Math.min(100, limit)));
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("query", q);
    value.put("origin", outcome.origin().name().toLowerCase());
    if (outcome.origin() == Origin.LIBRARY) {
      value.put("note", outcome.note());
      value.put("libraryHits", outcome.libraryHits());
      return new CommandOutput(
              "Results "
                  + Origin.LIBRARY.label()
                  + " ("
                  + source
                  + " could not be reached):\n"
                  + Listings.hits(outcome.libraryHits()),
              value)
          .print(spec, json);
    }
    value.put("papers", outcome.papers());
    return new CommandOutput(
            outcome.papers().size()
                + " papers ("
                + source
                + ", "
                + outcome.origin().label()
                + ")\n"
                + Listings.papers(outcome.papers()),
            value)
        .print(spec, json);
  }
}
