package dev.mlintern.research.crawl;

import dev.mlintern.research.ResearchException;
import dev.mlintern.research.http.Answer;
import dev.mlintern.research.http.Origin;
import dev.mlintern.research.paper.Paper;
import dev.mlintern.research.paper.PaperId;
import dev.mlintern.research.s2.CitationEdge;
import dev.mlintern.research.s2.SemanticScholarClient;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Breadth-first walk of the citation graph from seed papers (references and citations, two hops by
 * default), ranking what it finds by BM25 relevance of title and abstract to the goal, influence
 * (influential citations, an influential link) and recency. Papers are merged across arXiv,
 * Semantic Scholar and DOI ids. Each hop expands at most {@link Options#expandPerHop} of the
 * best-ranked new papers, so the request count stays bounded; every request goes through the cache,
 * so an interrupted crawl resumes where it stopped when run again.
 */
public final class CitationCrawler {
  /** How far and how wide to crawl. */
  public record Options(String goal, int hops, int maxPapers, int perPaper, int expandPerHop) {
    public Options {
      hops = Math.max(1, Math.min(3, hops));
      maxPapers = Math.max(1, Math.min(200, maxPapers));
      perPaper = Math.max(1, Math.min(200, perPaper));
      expandPerHop = Math.max(1, expandPerHop);
    }

    public static Options defaults(String goal) {
      return new Options(goal, 2, 30, 50, 8);
    }
  }

  static final double W_RELEVANCE = 0.6;
  static final double W_INFLUENCE = 0.25;
  static final double W_RECENCY = 0.15;

  private final SemanticScholarClient s2;
  private final Clock clock;

  public CitationCrawler(SemanticScholarClient s2, Clock clock) {
    this.s2 = s2;
    this.clock = clock;
  }

  private static final class Node {
    Paper paper;
    final int hop;
    final String via;
    boolean influentialLink;
    final Set<String> intents = new LinkedHashSet<>();

    Node(Paper paper, int hop, String via) {
      this.paper = paper;
      this.hop = hop;
      this.via = via;
    }
  }

  public CrawlResult crawl(List<PaperId> seeds, Options options) {
    Map<String, Node> byKey = new HashMap<>();
    List<Node> nodes = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    Origin origin = null;
    List<Node> frontier = new ArrayList<>();
    List<String> seedIds = new ArrayList<>();
    for (PaperId seed : seeds) {
      Answer<Paper> found = s2.paper(seed);
      origin = Origin.combine(origin, found.origin());
      Node node = new Node(found.value(), 0, null);
      register(byKey, node, seed.key());
      frontier.add(node);
      seedIds.add(found.value().id());
    }
    for (int hop = 1; hop <= options.hops() && !frontier.isEmpty(); hop++) {
      List<Node> found = new ArrayList<>();
      try {
        for (Node from : frontier) {
          for (boolean references : new boolean[] {true, false}) {
            PaperId id =
                PaperId.parse(from.paper.s2Id() != null ? from.paper.s2Id() : from.paper.id());
            Answer<List<CitationEdge>> edges =
                references
                    ? s2.references(id, options.perPaper())
                    : s2.citations(id, options.perPaper());
            origin = Origin.combine(origin, edges.origin());
            for (CitationEdge edge : edges.value()) {
              Node node = merge(byKey, edge, hop, from.paper.id());
              if (node != null) {
                nodes.add(node);
                found.add(node);
              }
            }
          }
        }
      } catch (ResearchException e) {
        notes.add(
            "stopped at hop "
                + hop
                + ": "
                + e.getMessage()
                + " — the result is partial; run the crawl again "
                + "later to resume (finished requests are cached)");
        break;
      }
      if (hop < options.hops()) {
        frontier =
            rank(found, options.goal()).stream()
                .filter(s -> !s.node().paper.ids().isEmpty())
                .limit(options.expandPerHop())
                .map(Scored::node)
                .toList();
      }
    }
    List<RankedPaper> ranked = rank(nodes, options.goal()).stream().map(Scored::ranked).toList();
    return new CrawlResult(
        seedIds,
        ranked.subList(0, Math.min(options.maxPapers(), ranked.size())),
        nodes.size(),
        origin == null ? Origin.CACHE : origin,
        notes);
  }

  private static void register(Map<String, Node> byKey, Node node, String extraKey) {
    byKey.put(extraKey, node);
    node.paper.ids().forEach(k -> byKey.put(k, node));
  }

  /**
   * Adds the paper at the edge's end, or merges it into the node already known under one of its
   * ids.
   */
  private static Node merge(Map<String, Node> byKey, CitationEdge edge, int hop, String via) {
    Node known = null;
    for (String key : edge.paper().ids()) {
      known = known != null ? known : byKey.get(key);
    }
    if (known != null) {
      known.influentialLink |= edge.influential();
      known.intents.addAll(edge.intents());
      known.paper = richer(known.paper, edge.paper());
      Node merged = known;
      merged.paper.ids().forEach(k -> byKey.putIfAbsent(k, merged));
      return null;
    }
    Node node = new Node(edge.paper(), hop, via);
    node.influentialLink = edge.influential();
    node.intents.addAll(edge.intents());
    register(
        byKey,
        node,
        node.paper.ids().isEmpty() ? "title:" + edge.paper().title() : node.paper.ids().get(0));
    return node;
  }

  private static Paper richer(Paper a, Paper b) {
    return new Paper(
        a.arxivId() != null ? a.arxivId() : b.arxivId(),
        a.s2Id() != null ? a.s2Id() : b.s2Id(),
        a.doi() != null ? a.doi() : b.doi(),
        a.title().isBlank() ? b.title() : a.title(),
        a.abstractText() != null ? a.abstractText() : b.abstractText(),
        a.authors().isEmpty() ? b.authors() : a.authors(),
        a.year() != null ? a.year() : b.year(),
        a.published() != null ? a.published() : b.published(),
        a.citationCount() != null ? a.citationCount() : b.citationCount(),
        a.influentialCitationCount() != null
            ? a.influentialCitationCount()
            : b.influentialCitationCount(),
        a.url() != null ? a.url() : b.url());
  }

  private record Scored(Node node, RankedPaper ranked) {}

  private List<Scored> rank(List<Node> nodes, String goal) {
    if (nodes.isEmpty()) {
      return List.of();
    }
    List<String> texts =
        nodes.stream()
            .map(
                n ->
                    n.paper.title()
                        + " "
                        + (n.paper.abstractText() == null ? "" : n.paper.abstractText()))
            .toList();
    Bm25 bm25 = new Bm25(texts);
    double[] raw = new double[nodes.size()];
    double maxRelevance = 0;
    double maxInfluence = 0;
    for (int i = 0; i < nodes.size(); i++) {
      raw[i] = goal == null || goal.isBlank() ? 0 : bm25.score(goal, i);
      maxRelevance = Math.max(maxRelevance, raw[i]);
      maxInfluence = Math.max(maxInfluence, influenceCount(nodes.get(i).paper));
    }
    boolean hasGoal = maxRelevance > 0;
    int thisYear = clock.instant().atZone(ZoneOffset.UTC).getYear();
    List<Scored> ranked = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      double relevance = hasGoal ? raw[i] / maxRelevance : 0;
      double influence =
          maxInfluence == 0 ? 0 : Math.log1p(influenceCount(n.paper)) / Math.log1p(maxInfluence);
      influence = Math.min(1, 0.8 * influence + (n.influentialLink ? 0.2 : 0));
      double recency =
          n.paper.year() == null ? 0 : Math.exp(-Math.max(0, thisYear - n.paper.year()) / 6.0);
      double score =
          hasGoal
              ? W_RELEVANCE * relevance + W_INFLUENCE * influence + W_RECENCY * recency
              : (W_INFLUENCE + W_RELEVANCE) * influence + W_RECENCY * recency;
      ranked.add(
          new Scored(
              n,
              new RankedPaper(
                  n.paper,
                  n.hop,
                  n.via,
                  n.influentialLink,
                  new ArrayList<>(n.intents),
                  round(score),
                  round(relevance),
                  round(influence),
                  round(recency))));
    }
    ranked.sort(
        Comparator.comparingDouble((Scored s) -> s.ranked().score())
            .reversed()
            .thenComparing(s -> s.ranked().paper().id()));
    return ranked;
  }

  private static double influenceCount(Paper paper) {
    if (paper.influentialCitationCount() != null) {
      return paper.influentialCitationCount();
    }
    return paper.citationCount() == null ? 0 : paper.citationCount() / 10.0;
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }
}
