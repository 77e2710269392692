package dev.mlintern.research.paper;

import java.util.ArrayList;
import java.util.List;

/**
 * What any source knows about one paper, in one shape: the clients fill what their source has and
 * leave the rest null. {@link #ids()} lists every identifier known, which is what deduplication
 * across arXiv, Semantic Scholar and HF Papers works on.
 */
public record Paper(
    String arxivId,
    String s2Id,
    String doi,
    String title,
    String abstractText,
    List<String> authors,
    Integer year,
    String published,
    Integer citationCount,
    Integer influentialCitationCount,
    String url) {
  public Paper {
    authors = authors == null ? List.of() : List.copyOf(authors);
    title = title == null ? "" : title.strip().replaceAll("\\s+", " ");
    abstractText = abstractText == null ? null : abstractText.strip().replaceAll("\\s+", " ");
  }

  /**
   * The id to show and to pass back to tools: arXiv when known, else Semantic Scholar, else DOI.
   */
  public String id() {
    if (arxivId != null) {
      return "arxiv:" + arxivId;
    }
    if (s2Id != null) {
      return "s2:" + s2Id;
    }
    return doi != null ? "doi:" + doi : "unknown";
  }

  /** Dedup keys for every id this paper has. */
  public List<String> ids() {
    List<String> keys = new ArrayList<>();
    if (arxivId != null) {
      keys.add(PaperId.arxiv(arxivId).key());
    }
    if (s2Id != null) {
      keys.add(new PaperId(PaperId.Kind.S2, s2Id).key());
    }
    if (doi != null) {
      keys.add(new PaperId(PaperId.Kind.DOI, doi).key());
    }
    return keys;
  }

  /** One line for listings: id, year, title, citations. */
  public String oneLine() {
    StringBuilder line = new StringBuilder(id());
    if (year != null) {
      line.append(" (").append(year).append(')');
    }
    line.append(" — ").append(title);
    if (citationCount != null) {
      line.append(" [").append(citationCount).append(" citations");
      if (influentialCitationCount != null) {
        line.append(", ").append(influentialCitationCount).append(" influential");
      }
      line.append(']');
    }
    return line.toString();
  }
}
