package dev.mlintern.research.crawl;

import dev.mlintern.research.http.Origin;
import java.util.List;

/**
 * A crawl's ranked papers (best first, capped), how many distinct papers it saw, where its answers
 * came from, and notes on anything that cut it short (a rate limit at hop 2 leaves a partial
 * result; rerunning resumes from the cache).
 */
public record CrawlResult(
    List<String> seeds, List<RankedPaper> papers, int seen, Origin origin, List<String> notes) {
  public CrawlResult {
    seeds = List.copyOf(seeds);
    papers = List.copyOf(papers);
    notes = List.copyOf(notes);
  }
}
