package dev.mlintern.research.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlintern.core.command.CommandOutput;
import dev.mlintern.research.Listings;
import dev.mlintern.research.crawl.CitationCrawler;
import dev.mlintern.research.crawl.CrawlResult;
import dev.mlintern.research.paper.PaperId;
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
 * {@code mlintern papers crawl ID... [--hops 2] [--goal TEXT]}: a ranked citation crawl from seed
 * papers.
 */
@Command(
    name = "crawl",
    mixinStandardHelpOptions = true,
    description = "Follow citations from seed papers and rank what is found.")
public final class PapersCrawlCommand implements Callable<Integer> {
  @ParentCommand PapersCommand parent;
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "ID", description = "Seed paper ids.")
  List<String> seeds;

  @Option(
      names = "--hops",
      defaultValue = "2",
      description = "Citation hops from the seeds (1-3). Default: ${DEFAULT-VALUE}.")
  int hops;

  @Option(names = "--goal", description = "What you are looking for; ranks by relevance to it.")
  String goal;

  @Option(
      names = "--max",
      defaultValue = "30",
      description = "How many ranked papers to print. Default: ${DEFAULT-VALUE}.")
  int max;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    List<PaperId> ids = new ArrayList<>();
    seeds.forEach(s -> ids.add(PaperId.parse(s)));
    CitationCrawler.Options defaults = CitationCrawler.Options.defaults(goal);
    spec.commandLine()
        .getErr()
        .println("crawling " + hops + " hops from " + ids.size() + " seed(s)…");
    CrawlResult result =
        parent
            .research()
            .crawler()
            .crawl(
                ids,
                new CitationCrawler.Options(
                    goal, hops, max, defaults.perPaper(), defaults.expandPerHop()));
    return new CommandOutput("(" + result.origin().label() + ")\n" + Listings.crawl(result), result)
        .print(spec, json);
  }
}
