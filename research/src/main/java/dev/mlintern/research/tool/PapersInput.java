package dev.mlintern.research.tool;

import dev.mlintern.core.tool.Param;
import java.util.List;

/** The {@code papers} tool's operations, one record each. */
public sealed interface PapersInput {
  String ID =
      "paper id: arXiv (2104.12255, 2104.12255v2, hep-th/9901001), s2:<40 hex>, CorpusId:N, DOI:10.x/y, or lib:… from the library";

  record Search(
      @Param(
              "words from the topic or title; for source=arxiv also field syntax like ti:lora AND cat:cs.CL")
          String query,
      @Param(value = "hf (HF Papers, default), arxiv or s2 (Semantic Scholar)", optional = true)
          String source,
      @Param(value = "how many results, default 10, at most 50", optional = true) Integer limit)
      implements PapersInput {}

  record Details(@Param(ID) String id) implements PapersInput {}

  record Read(
      @Param(ID) String id,
      @Param(
              value =
                  "without it: the table of contents; then the entry number [N], a section number like 3.1, "
                      + "a title word, 'abstract' or 'references'",
              optional = true)
          String section,
      @Param(value = "continue a long section from this character offset", optional = true)
          Integer offset)
      implements PapersInput {}

  record Citations(
      @Param(ID) String id,
      @Param(value = "default 20, at most 100", optional = true) Integer limit)
      implements PapersInput {}

  record References(
      @Param(ID) String id,
      @Param(value = "default 20, at most 100", optional = true) Integer limit)
      implements PapersInput {}

  record Recommend(
      @Param(ID) String id, @Param(value = "default 10, at most 50", optional = true) Integer limit)
      implements PapersInput {}

  record Crawl(
      @Param("seed paper ids to start from") List<String> seeds,
      @Param(value = "what you are looking for; ranks papers by relevance to it", optional = true)
          String goal,
      @Param(value = "citation hops from the seeds, default 2, at most 3", optional = true)
          Integer hops,
      @Param(value = "how many ranked papers to return, default 30", optional = true)
          Integer maxPapers)
      implements PapersInput {}

  record FindDatasets(
      @Param(ID) String id, @Param(value = "default 10", optional = true) Integer limit)
      implements PapersInput {}

  record FindModels(
      @Param(ID) String id, @Param(value = "default 10", optional = true) Integer limit)
      implements PapersInput {}

  record Recipe(
      @Param("draft (extract candidates from a paper), save, list or compare") String action,
      @Param(value = "paper id, for draft", optional = true) String id,
      @Param(value = "the recipe to save, for save", optional = true)
          dev.mlintern.research.recipe.Recipe recipe)
      implements PapersInput {}
}
