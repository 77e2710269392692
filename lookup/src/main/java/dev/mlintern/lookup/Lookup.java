package dev.mlintern.lookup;

import dev.mlintern.core.Sleeper;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.lookup.docs.DocsTool;
import dev.mlintern.lookup.docs.HfDocs;
import dev.mlintern.lookup.github.GithubClient;
import dev.mlintern.lookup.github.GithubTool;
import dev.mlintern.lookup.web.SearxngClient;
import dev.mlintern.lookup.web.WebFetchTool;
import dev.mlintern.lookup.web.WebSearchTool;
import dev.mlintern.research.Research;
import dev.mlintern.research.http.Backoff;
import dev.mlintern.research.http.DiskCache;
import dev.mlintern.research.http.RateLimiter;
import dev.mlintern.research.http.WebFetcher;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The look-up tools wired from {@link Settings}: {@code web_search} (a SearXNG endpoint), {@code
 * web_fetch}, {@code github} and {@code docs} (Hugging Face documentation). They share one disk
 * cache under {@code $MLINTERN_HOME/cache/lookup} and the research module's fetcher (retries,
 * backoff, stale answers offline); each service has its own rate limiter.
 */
public final class Lookup {
  private final List<Tool<?>> tools;

  private Lookup(List<Tool<?>> tools) {
    this.tools = List.copyOf(tools);
  }

  public static Lookup fromSettings(Settings settings) {
    return fromSettings(settings, Clock.systemUTC(), Sleeper.SYSTEM, Research.httpClient());
  }

  /**
   * Keys: {@code MLINTERN_SEARCH_URL} (SearXNG base URL; web_search explains how to set it when
   * absent), {@code GITHUB_API_URL} (default https://api.github.com), {@code GITHUB_TOKEN} (a
   * secret, optional), {@code HF_ENDPOINT} (docs pages under {@code /docs/<library>/}), {@code
   * MLINTERN_OFFLINE} (answer from the cache and the local docs index only).
   */
  public static Lookup fromSettings(
      Settings settings, Clock clock, Sleeper sleeper, HttpClient http) {
    boolean offline = Research.offline(settings);
    Path cacheDir = settings.home().resolve("cache").resolve("lookup");
    WebFetcher fetcher =
        new WebFetcher(
            http,
            new DiskCache(cacheDir, clock),
            sleeper,
            new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(20), 2),
            offline,
            Duration.ofSeconds(30));
    Optional<String> githubToken =
        settings.secrets().value("GITHUB_TOKEN").or(() -> settings.get("GITHUB_TOKEN"));
    SearxngClient search =
        new SearxngClient(
            fetcher,
            settings.get("MLINTERN_SEARCH_URL"),
            new RateLimiter(Duration.ofSeconds(1), clock, sleeper));
    GithubClient github =
        new GithubClient(
            fetcher,
            settings.get("GITHUB_API_URL", "https://api.github.com"),
            githubToken,
            new RateLimiter(
                githubToken.isPresent() ? Duration.ofMillis(500) : Duration.ofSeconds(2),
                clock,
                sleeper));
    HfDocs docs =
        new HfDocs(
            fetcher,
            settings.get("HF_ENDPOINT", "https://huggingface.co"),
            settings.home().resolve("docs"),
            new RateLimiter(Duration.ofMillis(250), clock, sleeper));
    return new Lookup(
        List.of(
            new WebSearchTool(search),
            new WebFetchTool(fetcher, new RateLimiter(Duration.ofMillis(500), clock, sleeper)),
            new GithubTool(github),
            new DocsTool(docs)));
  }

  /** {@code web_search}, {@code web_fetch}, {@code github}, {@code docs}. */
  public List<Tool<?>> tools() {
    return tools;
  }
}
