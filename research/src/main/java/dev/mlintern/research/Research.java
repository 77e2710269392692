package dev.mlintern.research;

import dev.mlintern.core.Sleeper;
import dev.mlintern.core.config.Endpoints;
import dev.mlintern.core.config.Settings;
import dev.mlintern.research.ResearchException.Kind;
import dev.mlintern.research.arxiv.ArxivClient;
import dev.mlintern.research.crawl.CitationCrawler;
import dev.mlintern.research.hf.HfPapersClient;
import dev.mlintern.research.http.Answer;
import dev.mlintern.research.http.Backoff;
import dev.mlintern.research.http.DiskCache;
import dev.mlintern.research.http.Origin;
import dev.mlintern.research.http.RateLimiter;
import dev.mlintern.research.http.WebFetcher;
import dev.mlintern.research.library.LibraryHit;
import dev.mlintern.research.library.PaperLibrary;
import dev.mlintern.research.paper.Paper;
import dev.mlintern.research.paper.PaperId;
import dev.mlintern.research.read.PaperDocument;
import dev.mlintern.research.s2.SemanticScholarClient;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The research module wired together: the three paper sources behind one disk cache, the citation
 * crawler and the local library, plus the two answers that need more than one of them — search and
 * read fall back to the library when the sources cannot be reached, and say so. Built from {@link
 * Settings} by {@link #fromSettings}; tests pass their own clock, sleeper and HTTP client.
 */
public final class Research {
  /**
   * Where a search answer came from: papers from a source, or library hits when the source was
   * unreachable.
   */
  public record SearchOutcome(
      List<Paper> papers, List<LibraryHit> libraryHits, Origin origin, String note) {
    public SearchOutcome {
      papers = List.copyOf(papers);
      libraryHits = List.copyOf(libraryHits);
    }
  }

  private final HfPapersClient hf;
  private final ArxivClient arxiv;
  private final SemanticScholarClient s2;
  private final PaperLibrary library;
  private final Clock clock;

  public Research(
      HfPapersClient hf,
      ArxivClient arxiv,
      SemanticScholarClient s2,
      PaperLibrary library,
      Clock clock) {
    this.hf = hf;
    this.arxiv = arxiv;
    this.s2 = s2;
    this.library = library;
    this.clock = clock;
  }

  public static Research fromSettings(Settings settings) {
    return fromSettings(settings, Clock.systemUTC(), Sleeper.SYSTEM, httpClient());
  }

  /**
   * The HTTP client the research and look-up clients share: {@link Endpoints#CONNECT_TIMEOUT} to
   * connect, redirects followed.
   */
  public static HttpClient httpClient() {
    return HttpClient.newBuilder()
        .connectTimeout(Endpoints.CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();
  }

  /** Whether {@code MLINTERN_OFFLINE} asks to answer from caches and local indexes only. */
  public static boolean offline(Settings settings) {
    return settings
        .get("MLINTERN_OFFLINE")
        .map(v -> v.equalsIgnoreCase("true") || v.equals("1"))
        .orElse(false);
  }

  /**
   * Keys: {@code MLINTERN_ARXIV_URL} (API and web base; default export.arxiv.org for the API and
   * arxiv.org for HTML and PDF), {@code MLINTERN_S2_URL}, {@code MLINTERN_PAPERS_URL}, {@code
   * HF_ENDPOINT}, {@code S2_API_KEY} (a secret, or a plain value), {@code MLINTERN_OFFLINE} (true:
   * never touch the network, answer from cache and library).
   */
  public static Research fromSettings(
      Settings settings, Clock clock, Sleeper sleeper, HttpClient http) {
    boolean offline = offline(settings);
    DiskCache cache = new DiskCache(settings.home().resolve("cache").resolve("research"), clock);
    WebFetcher fetcher =
        new WebFetcher(http, cache, sleeper, Backoff.standard(), offline, Duration.ofSeconds(60));
    Endpoints endpoints = settings.endpoints();
    Optional<String> s2Key =
        settings.secrets().value("S2_API_KEY").or(() -> settings.get("S2_API_KEY"));
    return new Research(
        new HfPapersClient(fetcher, endpoints.papers(), endpoints.hub(), RateLimiter.none(clock)),
        new ArxivClient(
            fetcher,
            endpoints.arxivApi(),
            endpoints.arxivWeb(),
            new RateLimiter(ArxivClient.MIN_INTERVAL, clock, sleeper)),
        new SemanticScholarClient(
            fetcher,
            endpoints.semanticScholar(),
            s2Key,
            new RateLimiter(
                s2Key.isPresent() ? Duration.ofSeconds(1) : Duration.ofMillis(1100),
                clock,
                sleeper)),
        new PaperLibrary(settings.home().resolve("library")),
        clock);
  }

  public HfPapersClient hf() {
    return hf;
  }

  public ArxivClient arxiv() {
    return arxiv;
  }

  public SemanticScholarClient s2() {
    return s2;
  }

  public PaperLibrary library() {
    return library;
  }

  public CitationCrawler crawler() {
    return new CitationCrawler(s2, clock);
  }

  /**
   * Searches {@code source} (hf, arxiv or s2); when it cannot be reached and nothing is cached, the
   * library.
   */
  public SearchOutcome search(String query, String source, int limit) {
    String from = source == null || source.isBlank() ? "hf" : source.toLowerCase(Locale.ROOT);
    try {
      Answer<List<Paper>> answer =
          switch (from) {
            case "hf" -> hf.search(query, limit);
            case "arxiv" -> arxiv.search(query, limit);
            case "s2" -> s2.search(query, limit);
            default ->
                throw new ResearchException(
                    Kind.BAD_REQUEST, "unknown source '" + source + "'; use hf, arxiv or s2");
          };
      return new SearchOutcome(answer.value(), List.of(), answer.origin(), null);
    } catch (ResearchException e) {
      if (e.kind() != Kind.UNAVAILABLE || library.size() == 0) {
        throw e;
      }
      return new SearchOutcome(
          List.of(), library.search(query, limit), Origin.LIBRARY, e.getMessage());
    }
  }

  /**
   * The full text of a paper: {@code lib:…} ids from the library; arXiv ids (or papers S2 maps to
   * one) from arXiv, falling back to a library file named after the arXiv id when arXiv cannot be
   * reached.
   */
  public Answer<PaperDocument> read(String rawId) {
    if (rawId != null && rawId.strip().startsWith("lib:")) {
      return new Answer<>(library.document(rawId.strip()), Origin.LIBRARY);
    }
    PaperId id = PaperId.parse(rawId);
    if (!id.isArxiv()) {
      Paper paper = s2.paper(id).value();
      if (paper.arxivId() == null) {
        throw new ResearchException(
            Kind.NOT_FOUND,
            id
                + " has no arXiv version, so its full text is not available "
                + "here; read its abstract with papers details, or add its PDF to the library");
      }
      id = PaperId.arxiv(paper.arxivId());
    }
    try {
      return arxiv.read(id);
    } catch (ResearchException e) {
      if (e.kind() != Kind.UNAVAILABLE) {
        throw e;
      }
      String bare = id.unversioned();
      List<String> copies =
          library.idsWithFileName(bare.contains("/") ? bare.replace('/', '_') : bare);
      if (copies.isEmpty()) {
        throw e;
      }
      return new Answer<>(library.document(copies.get(0)), Origin.LIBRARY);
    }
  }
}
