package dev.mlintern.research.tool;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.research.Listings;
import dev.mlintern.research.Research;
import dev.mlintern.research.ResearchException;
import dev.mlintern.research.crawl.CitationCrawler;
import dev.mlintern.research.crawl.CrawlResult;
import dev.mlintern.research.hf.HfPaper;
import dev.mlintern.research.hf.HubRepo;
import dev.mlintern.research.http.Answer;
import dev.mlintern.research.http.Origin;
import dev.mlintern.research.paper.Paper;
import dev.mlintern.research.paper.PaperId;
import dev.mlintern.research.read.PaperDocument;
import dev.mlintern.research.read.PaperReader;
import dev.mlintern.research.s2.CitationEdge;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The {@code papers} tool: search HF Papers, arXiv or Semantic Scholar; details; read a paper
 * section by section; citations, references and recommendations; a ranked citation crawl; datasets
 * and models linked to a paper; and recipes. Everything taken from a paper reaches the model inside
 * the untrusted envelope and the result is marked untrusted, so effectful calls later in the turn
 * ask for approval even in auto-approve mode.
 */
public final class PapersTool extends DescribedTool<PapersInput> {
  static final ObjectMapper JSON = new ObjectMapper();
  private final Research research;

  public PapersTool(Research research) {
    super("papers", PapersInput.class);
    this.research = research;
  }

  @Override
  public Set<Effect> effects(PapersInput input) {
    return input instanceof PapersInput.Recipe r && "save".equalsIgnoreCase(r.action())
        ? Set.of(Effect.WRITE)
        : Set.of(Effect.READ);
  }

  @Override
  public ToolResult call(PapersInput input, ToolContext context) {
    if (input instanceof PapersInput.Search s) {
      return search(s);
    } else if (input instanceof PapersInput.Details d) {
      return details(d.id());
    } else if (input instanceof PapersInput.Read r) {
      return read(r);
    } else if (input instanceof PapersInput.Citations c) {
      return edges(c.id(), true, limit(c.limit(), 20, 100));
    } else if (input instanceof PapersInput.References r) {
      return edges(r.id(), false, limit(r.limit(), 20, 100));
    } else if (input instanceof PapersInput.Recommend r) {
      return recommend(r);
    } else if (input instanceof PapersInput.Crawl c) {
      return crawl(c);
    } else if (input instanceof PapersInput.FindDatasets f) {
      return new PaperLinks(research).datasets(f.id(), limit(f.limit(), 10, 50));
    } else if (input instanceof PapersInput.FindModels f) {
      return models(f);
    }
    return new RecipeOperation(research).run((PapersInput.Recipe) input, context);
  }

  private ToolResult search(PapersInput.Search s) {
    Research.SearchOutcome outcome =
        research.search(s.query(), s.source(), limit(s.limit(), 10, 50));
    if (outcome.origin() == Origin.LIBRARY) {
      String head =
          "The paper source could not be reached ("
              + outcome.note()
              + "); these results are "
              + Origin.LIBRARY.label()
              + ".\n";
      return untrusted(
          head, "library", Listings.hits(outcome.libraryHits()), outcome.libraryHits());
    }
    String head =
        outcome.papers().size()
            + " papers for \""
            + s.query()
            + "\" ("
            + outcome.origin().label()
            + "). Next: papers read or details with an id.\n";
    return untrusted(
        head, sourceName(s.source()), Listings.papers(outcome.papers()), outcome.papers());
  }

  private ToolResult details(String rawId) {
    PaperId id = PaperId.parse(rawId);
    if (!id.isArxiv()) {
      Answer<Paper> paper = research.s2().paper(id);
      return untrusted(
          "Semantic Scholar record (" + paper.origin().label() + "):\n",
          "s2",
          full(paper.value()),
          paper.value());
    }
    try {
      Answer<HfPaper> hf = research.hf().details(id);
      HfPaper p = hf.value();
      StringBuilder text = new StringBuilder(full(p.paper()));
      if (p.aiSummary() != null) {
        text.append("Summary: ").append(p.aiSummary()).append('\n');
      }
      if (p.githubRepo() != null) {
        text.append("Code: ").append(p.githubRepo()).append('\n');
      }
      text.append("Linked Hub datasets (")
          .append(p.totalDatasets())
          .append("): ")
          .append(String.join(", ", p.linkedDatasets()))
          .append('\n');
      text.append("Linked Hub models (")
          .append(p.totalModels())
          .append("): ")
          .append(String.join(", ", p.linkedModels()))
          .append('\n');
      return untrusted(
          "HF Papers page (" + hf.origin().label() + "):\n", id.toString(), text.toString(), p);
    } catch (ResearchException e) {
      if (e.kind() != ResearchException.Kind.NOT_FOUND) {
        throw e;
      }
      Answer<Paper> paper = research.arxiv().paper(id);
      return untrusted(
          "arXiv record (" + paper.origin().label() + "; not on HF Papers):\n",
          id.toString(),
          full(paper.value()),
          paper.value());
    }
  }

  private ToolResult read(PapersInput.Read r) {
    Answer<PaperDocument> doc = research.read(r.id());
    String source = doc.value().source();
    if (r.section() == null || r.section().isBlank()) {
      return untrusted(
          "Table of contents of "
              + source
              + " ("
              + doc.origin().label()
              + "); read one section at a time "
              + "with section=N.\n",
          source,
          PaperReader.toc(doc.value()),
          null);
    }
    int offset = r.offset() == null ? 0 : r.offset();
    return untrusted(
        "Section of " + source + " (" + doc.origin().label() + "):\n",
        source,
        PaperReader.section(doc.value(), r.section(), offset),
        null);
  }

  private ToolResult edges(String rawId, boolean citations, int limit) {
    PaperId id = PaperId.parse(rawId);
    Answer<List<CitationEdge>> edges =
        citations ? research.s2().citations(id, limit) : research.s2().references(id, limit);
    String head =
        edges.value().size()
            + (citations ? " papers citing " : " papers cited by ")
            + id
            + " ("
            + edges.origin().label()
            + "):\n";
    return untrusted(head, "s2", Listings.edges(edges.value()), edges.value());
  }

  private ToolResult recommend(PapersInput.Recommend r) {
    PaperId id = PaperId.parse(r.id());
    Answer<List<Paper>> papers = research.s2().recommend(id, limit(r.limit(), 10, 50));
    return untrusted(
        "Papers like " + id + " (" + papers.origin().label() + "):\n",
        "s2",
        Listings.papers(papers.value()),
        papers.value());
  }

  private ToolResult crawl(PapersInput.Crawl c) {
    if (c.seeds() == null || c.seeds().isEmpty()) {
      throw new ToolException("crawl needs at least one seed paper id in seeds");
    }
    List<PaperId> seeds = new ArrayList<>();
    c.seeds().forEach(s -> seeds.add(PaperId.parse(s)));
    CitationCrawler.Options defaults = CitationCrawler.Options.defaults(c.goal());
    CrawlResult result =
        research
            .crawler()
            .crawl(
                seeds,
                new CitationCrawler.Options(
                    c.goal(),
                    c.hops() == null ? defaults.hops() : c.hops(),
                    c.maxPapers() == null ? defaults.maxPapers() : c.maxPapers(),
                    defaults.perPaper(),
                    defaults.expandPerHop()));
    String head =
        "Citation crawl, "
            + (c.hops() == null ? defaults.hops() : c.hops())
            + " hops ("
            + result.origin().label()
            + "), ranked by relevance to the goal, influence and recency:\n";
    return untrusted(head, "s2", Listings.crawl(result), result);
  }

  private ToolResult models(PapersInput.FindModels f) {
    PaperId id = PaperId.parse(f.id());
    Answer<List<HubRepo>> models = research.hf().modelsFor(id, limit(f.limit(), 10, 50));
    return untrusted(
        "Hub models whose cards cite " + id + " (" + models.origin().label() + "):\n",
        "hub",
        Listings.repos(models.value()),
        models.value());
  }

  static ToolResult untrusted(String head, String source, String body, Object details) {
    return ToolResult.untrusted(
        head, source, body, details == null ? null : JSON.valueToTree(details));
  }

  static int limit(Integer asked, int fallback, int max) {
    return asked == null ? fallback : Math.max(1, Math.min(max, asked));
  }

  private static String full(Paper p) {
    StringBuilder out = new StringBuilder(p.oneLine()).append('\n');
    if (!p.authors().isEmpty()) {
      out.append("Authors: ").append(String.join(", ", p.authors())).append('\n');
    }
    if (p.published() != null) {
      out.append("Published: ").append(p.published()).append('\n');
    }
    if (p.abstractText() != null) {
      out.append("Abstract: ").append(p.abstractText()).append('\n');
    }
    if (p.url() != null) {
      out.append("URL: ").append(p.url()).append('\n');
    }
    return out.toString();
  }

  private static String sourceName(String source) {
    return source == null || source.isBlank() ? "hf-papers" : source;
  }
}
