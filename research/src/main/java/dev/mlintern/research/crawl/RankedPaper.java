package dev.mlintern.research.crawl;

import dev.mlintern.research.paper.Paper;
import java.util.List;

/**
 * A paper found by a crawl: how many hops from a seed, through which paper it was first reached,
 * whether any link to it was influential, and its score with the parts that made it (each 0–1).
 */
public record RankedPaper(
    Paper paper,
    int hop,
    String via,
    boolean influentialLink,
    List<String> intents,
    double score,
    double relevance,
    double influence,
    double recency) {
  public RankedPaper {
    intents = List.copyOf(intents);
  }
}
