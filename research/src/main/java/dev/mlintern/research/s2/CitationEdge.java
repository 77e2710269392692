package dev.mlintern.research.s2;

import dev.mlintern.research.paper.Paper;
import java.util.List;

/**
 * One citation link as Semantic Scholar describes it: the paper on the other end, the sentences
 * where the citation appears, why it was cited (background, methodology, result) and whether S2
 * judged it influential.
 */
public record CitationEdge(
    Paper paper, List<String> contexts, List<String> intents, boolean influential) {
  public CitationEdge {
    contexts = List.copyOf(contexts);
    intents = List.copyOf(intents);
  }
}
