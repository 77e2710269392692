package dev.mlintern.lookup.docs;

import dev.mlintern.lookup.HtmlMarkdown;
import dev.mlintern.lookup.Responses;
import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import dev.mlintern.research.http.Fetched;
import dev.mlintern.research.http.Origin;
import dev.mlintern.research.http.RateLimiter;
import dev.mlintern.research.http.WebFetcher;
import dev.mlintern.research.library.LibraryHit;
import dev.mlintern.research.library.PaperLibrary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * Hugging Face documentation ({@code {HF_ENDPOINT}/docs/<library>/<page>}): the page list from a
 * library's navigation, each page as Markdown, and a local Lucene index of every page read, so that
 * searching works offline once a library was indexed. Pages live as Markdown files under {@code
 * $MLINTERN_HOME/docs/pages/<library>/} and the index under {@code docs/index}, kept by the
 * research module's {@link PaperLibrary}.
 */
public final class HfDocs {
  /** A documentation page: its path under the library and its title in the navigation. */
  public record Page(String path, String title) {}

  /** A page's Markdown, and whether it came live, from the cache or from the local copy. */
  public record PageText(String library, String path, String url, String markdown, Origin origin) {}

  /** A search hit: library, page, the best-matching heading and a snippet. */
  public record Hit(String library, String page, String heading, String snippet) {}

  /** Pages read when a library is indexed for search; a library's navigation holds fewer. */
  static final int MAX_PAGES = 120;

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  private static final Pattern PAGE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_./-]*");
  private static final Pattern VERSION_PREFIX = Pattern.compile("^(main|v\\d[^/]*)/[a-z]{2}/");
  private static final Duration TTL = Duration.ofDays(7);
  private final WebFetcher fetcher;
  private final String base;
  private final Path pagesDir;
  private final PaperLibrary index;
  private final RateLimiter limiter;

  public HfDocs(WebFetcher fetcher, String base, Path dir, RateLimiter limiter) {
    this.fetcher = fetcher;
    this.base = base.replaceAll("/+$", "");
    this.pagesDir = dir.toAbsolutePath().normalize().resolve("pages");
    this.index = new PaperLibrary(dir.resolve("index"));
    this.limiter = limiter;
  }

  /** The pages in {@code library}'s navigation, in order. */
  public List<Page> pages(String library) {
    String lib = checkLibrary(library);
    Document nav = html(fetch(lib, "index"), lib + "/index");
    Map<String, Page> pages = new LinkedHashMap<>();
    String prefix = "/docs/" + lib + "/";
    for (Element a : nav.select("a[href]")) {
      String href =
          URI.create(a.absUrl("href").isEmpty() ? a.attr("href") : a.absUrl("href")).getPath();
      if (href == null || !href.startsWith(prefix)) {
        continue;
      }
      String path = VERSION_PREFIX.matcher(href.substring(prefix.length())).replaceFirst("");
      if (PAGE.matcher(path).matches() && !pages.containsKey(path)) {
        pages.put(path, new Page(path, a.text().strip()));
      }
    }
    return List.copyOf(pages.values());
  }

  /** One page as Markdown; it is also saved and indexed so later searches find it offline. */
  public PageText read(String library, String page) {
    String lib = checkLibrary(library);
    String path = checkPage(page);
    PageText text = save(lib, path);
    if (text.origin() != Origin.LIBRARY) {
      index.add(file(lib, path));
    }
    return text;
  }

  /** Fetches a page and keeps its Markdown copy; the local copy when the site is unreachable. */
  private PageText save(String lib, String path) {
    Fetched fetched;
    try {
      fetched = fetch(lib, path);
    } catch (ResearchException e) {
      Path copy = file(lib, path);
      if (e.kind() != Kind.UNAVAILABLE || !Files.isRegularFile(copy)) {
        throw e;
      }
      return new PageText(lib, path, url(lib, path), readCopy(copy), Origin.LIBRARY);
    }
    Document doc = html(fetched, lib + "/" + path);
    Element content = doc.selectFirst(".prose-doc, article, main");
    String markdown =
        "Source: "
            + url(lib, path)
            + "\n\n"
            + HtmlMarkdown.of(content == null ? doc.body() : content);
    Path copy = file(lib, path);
    try {
      Files.createDirectories(copy.getParent());
      Files.writeString(copy, markdown, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the docs page " + copy, e);
    }
    return new PageText(lib, path, url(lib, path), markdown, fetched.origin());
  }

  /**
   * Searches the local index; with a library, that library's pages are fetched and indexed first
   * (once: later searches and offline searches use the local copies).
   */
  public List<Hit> search(String query, String library, int limit) {
    String lib = library == null || library.isBlank() ? null : checkLibrary(library);
    if (lib != null && !Files.isRegularFile(pagesDir.resolve(lib).resolve(".indexed"))) {
      indexLibrary(lib);
    }
    if (!Files.isDirectory(pagesDir)) {
      throw new ResearchException(
          Kind.NOT_FOUND,
          "no documentation is indexed yet; search with a library (transformers, trl, peft,"
              + " datasets, hub, accelerate) to index it");
    }
    List<Hit> hits = new ArrayList<>();
    for (LibraryHit hit : index.search(query, limit * 4)) {
      Path rel = pagesDir.relativize(Path.of(hit.path()));
      String hitLibrary = rel.getName(0).toString();
      if ((lib == null || lib.equals(hitLibrary)) && hits.size() < limit) {
        String page = rel.subpath(1, rel.getNameCount()).toString().replaceAll("\\.md$", "");
        hits.add(new Hit(hitLibrary, page, hit.heading(), hit.snippet()));
      }
    }
    return hits;
  }

  private void indexLibrary(String lib) {
    List<Page> pages = pages(lib);
    int read = 0;
    for (Page page : pages.subList(0, Math.min(MAX_PAGES, pages.size()))) {
      try {
        save(lib, page.path());
        read++;
      } catch (ResearchException e) {
        if (e.kind() == Kind.UNAVAILABLE && read == 0) {
          throw e;
        }
        // a missing or unreadable page is skipped; the rest of the library is still indexed
      }
    }
    if (read == 0) {
      throw new ResearchException(
          Kind.NOT_FOUND, "HF docs has no readable pages for " + lib + "; check the library name");
    }
    index.add(pagesDir.resolve(lib));
    try {
      Files.writeString(pagesDir.resolve(lib).resolve(".indexed"), read + " pages\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mark " + lib + " as indexed", e);
    }
  }

  private Fetched fetch(String lib, String path) {
    return Responses.ok(
        fetcher.get("HF docs", URI.create(url(lib, path)), Map.of(), TTL, limiter),
        "HF docs",
        "page " + lib + "/" + path);
  }

  private String url(String lib, String path) {
    return base + "/docs/" + lib + "/" + path;
  }

  private Path file(String lib, String path) {
    return pagesDir.resolve(lib).resolve(path + ".md");
  }

  private static Document html(Fetched fetched, String what) {
    Document doc = Jsoup.parse(fetched.text(), "");
    if (doc.body() == null || doc.body().text().isBlank()) {
      throw new ResearchException(Kind.BAD_DOCUMENT, "the docs page " + what + " has no text");
    }
    return doc;
  }

  private static String readCopy(Path copy) {
    try {
      return Files.readString(copy, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String checkLibrary(String library) {
    String lib = library == null ? "" : library.strip();
    if (!NAME.matcher(lib).matches()) {
      throw new ResearchException(
          Kind.BAD_REQUEST,
          "'"
              + library
              + "' is not a documentation library; use transformers, trl, peft, datasets, hub,"
              + " accelerate or another name under /docs/");
    }
    return lib;
  }

  private static String checkPage(String page) {
    String path = page == null ? "" : page.strip().replaceAll("^/+", "").replaceAll("\\.md$", "");
    if (!PAGE.matcher(path).matches() || path.contains("..")) {
      throw new ResearchException(
          Kind.BAD_REQUEST,
          "'" + page + "' is not a docs page path; take one from the docs pages operation");
    }
    return path;
  }
}
