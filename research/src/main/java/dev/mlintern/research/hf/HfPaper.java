package dev.mlintern.research.hf;

import dev.mlintern.research.paper.Paper;
import java.util.List;

/**
 * HF Papers' page for one paper: the paper plus the Hub artifacts, code and summary the page links.
 */
public record HfPaper(
    Paper paper,
    List<String> linkedDatasets,
    int totalDatasets,
    List<String> linkedModels,
    int totalModels,
    String githubRepo,
    String projectPage,
    String aiSummary,
    List<String> keywords,
    int upvotes) {
  public HfPaper {
    linkedDatasets = List.copyOf(linkedDatasets);
    linkedModels = List.copyOf(linkedModels);
    keywords = List.copyOf(keywords);
  }
}
