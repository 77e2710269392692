package dev.mlintern.research;

import dev.mlintern.research.crawl.CrawlResult;
import dev.mlintern.research.crawl.RankedPaper;
import dev.mlintern.research.hf.HubRepo;
import dev.mlintern.research.library.LibraryHit;
import dev.mlintern.research.paper.Paper;
import dev.mlintern.research.s2.CitationEdge;
import java.util.List;

/**
 * Plain-text listings of papers, citation links, crawl results, library hits and Hub repos, shared
 * by the agent tools and the CLI so both show the same thing. Abstracts and contexts are cut to
 * keep listings short.
 */
public final class Listings {
  static final int ABSTRACT_CHARS = 300;
  static final int CONTEXT_CHARS = 240;

  private Listings() {}

  public static String papers(List<Paper> papers) {
    if (papers.isEmpty()) {
      return "No papers found.\n";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < papers.size(); i++) {
      Paper p = papers.get(i);
      out.append(i + 1).append(". ").append(p.oneLine()).append('\n');
      if (!p.authors().isEmpty()) {
        out.append("   ").append(authors(p.authors())).append('\n');
      }
      if (p.abstractText() != null && !p.abstractText().isBlank()) {
        out.append("   ").append(cut(p.abstractText(), ABSTRACT_CHARS)).append('\n');
      }
    }
    return out.toString();
  }

  public static String edges(List<CitationEdge> edges) {
    if (edges.isEmpty()) {
      return "No citation links found.\n";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < edges.size(); i++) {
      CitationEdge e = edges.get(i);
      out.append(i + 1).append(". ").append(e.paper().oneLine());
      if (e.influential()) {
        out.append(" [influential]");
      }
      if (!e.intents().isEmpty()) {
        out.append(" intents: ").append(String.join(", ", e.intents()));
      }
      out.append('\n');
      if (!e.contexts().isEmpty()) {
        out.append("   context: \"").append(cut(e.contexts().get(0), CONTEXT_CHARS)).append("\"\n");
      }
    }
    return out.toString();
  }

  public static String crawl(CrawlResult result) {
    StringBuilder out =
        new StringBuilder("Seeds: ").append(String.join(", ", result.seeds())).append('\n');
    out.append(result.seen())
        .append(" distinct papers seen; best ")
        .append(result.papers().size())
        .append(":\n");
    int i = 1;
    for (RankedPaper r : result.papers()) {
      out.append(i++).append(". ").append(r.paper().oneLine()).append('\n');
      out.append(
          String.format(
              "   score %.3f (relevance %.2f, influence %.2f, recency %.2f), hop %d via %s%s%n",
              r.score(),
              r.relevance(),
              r.influence(),
              r.recency(),
              r.hop(),
              r.via(),
              r.influentialLink() ? ", influential link" : ""));
    }
    for (String note : result.notes()) {
      out.append("Note: ").append(note).append('\n');
    }
    return out.toString();
  }

  public static String hits(List<LibraryHit> hits) {
    if (hits.isEmpty()) {
      return "No library papers match.\n";
    }
    StringBuilder out = new StringBuilder();
    int i = 1;
    for (LibraryHit h : hits) {
      out.append(i++).append(". ").append(h.id()).append(" — ").append(h.title()).append('\n');
      out.append("   section [")
          .append(h.section())
          .append("] ")
          .append(h.heading())
          .append(" · ")
          .append(h.path())
          .append('\n');
      out.append("   ").append(h.snippet()).append('\n');
    }
    return out.toString();
  }

  public static String repos(List<HubRepo> repos) {
    if (repos.isEmpty()) {
      return "none\n";
    }
    StringBuilder out = new StringBuilder();
    for (HubRepo r : repos) {
      out.append("- ")
          .append(r.id())
          .append(" (")
          .append(r.downloads())
          .append(" downloads, ")
          .append(r.likes())
          .append(" likes)\n");
    }
    return out.toString();
  }

  static String authors(List<String> authors) {
    return authors.size() <= 4
        ? String.join(", ", authors)
        : String.join(", ", authors.subList(0, 3)) + " et al.";
  }

  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max).strip() + "…";
  }
}
