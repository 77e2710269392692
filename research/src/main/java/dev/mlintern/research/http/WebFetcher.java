package dev.mlintern.research.http;

import dev.mlintern.core.Sleeper;
import dev.mlintern.core.config.Endpoints;
import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * GETs for the paper clients: the disk cache first (within the caller's time-to-live), then the
 * network through the service's rate limiter, retrying 429, 5xx and dropped connections with {@link
 * Backoff} (a refused connection fails at once, naming the setting to change). When the source
 * cannot be reached, or the fetcher is offline, a stale cache entry is still served and marked
 * {@link Origin#STALE_CACHE}. Non-2xx answers other than throttling are returned for the client to
 * explain; only 2xx bodies are cached.
 */
public final class WebFetcher {
  /** The setting that holds each service's base URL, named when nothing answers there. */
  private static final Map<String, String> SETTINGS =
      Map.of(
          "arXiv", "MLINTERN_ARXIV_URL",
          "Semantic Scholar", "MLINTERN_S2_URL",
          "HF Papers", "MLINTERN_PAPERS_URL");

  private static final Set<Integer> RETRYABLE = Set.of(429, 500, 502, 503, 504);
  private static final long MAX_BODY_BYTES = 64L * 1024 * 1024;

  private final HttpClient http;
  private final DiskCache cache;
  private final Sleeper sleeper;
  private final Backoff backoff;
  private final boolean offline;
  private final Duration timeout;

  public WebFetcher(
      HttpClient http,
      DiskCache cache,
      Sleeper sleeper,
      Backoff backoff,
      boolean offline,
      Duration timeout) {
    this.http = http;
    this.cache = cache;
    this.sleeper = sleeper;
    this.backoff = backoff;
    this.offline = offline;
    this.timeout = timeout;
  }

  public boolean offline() {
    return offline;
  }

  /**
   * Fetches {@code uri} for {@code service} (named in errors), serving the cache when fresher than
   * {@code ttl}.
   */
  public Fetched get(
      String service, URI uri, Map<String, String> headers, Duration ttl, RateLimiter limiter) {
    String key = uri.toString();
    Optional<DiskCache.Entry> cached = cache.get(key);
    if (cached.isPresent() && cached.get().freshAt(cache.now(), ttl)) {
      return fromCache(cached.get(), Origin.CACHE);
    }
    if (offline) {
      return cached
          .map(e -> fromCache(e, Origin.STALE_CACHE))
          .orElseThrow(
              () ->
                  new ResearchException(
                      Kind.UNAVAILABLE,
                      "offline, and "
                          + service
                          + " has no cached answer for "
                          + uri.getPath()
                          + "; search the local library (library tool) or run with network access"));
    }
    HttpResponse<byte[]> last = null;
    IOException lastError = null;
    for (int attempt = 0; attempt <= backoff.retries(); attempt++) {
      try {
        limiter.acquire();
        last = send(uri, headers);
        lastError = null;
        if (!RETRYABLE.contains(last.statusCode())) {
          break;
        }
      } catch (java.net.ConnectException e) {
        lastError = e;
        last = null;
        break;
      } catch (IOException e) {
        lastError = e;
        last = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ResearchException(Kind.UNAVAILABLE, service + " request was interrupted", e);
      }
      if (attempt < backoff.retries()) {
        pause(backoff.delay(attempt, retryAfter(last)), service);
      }
    }
    if (last != null && !RETRYABLE.contains(last.statusCode())) {
      String type = last.headers().firstValue("Content-Type").orElse("");
      if (last.statusCode() / 100 == 2) {
        cache.put(key, type, last.body());
      }
      return new Fetched(last.statusCode(), type, last.body(), Origin.NETWORK, cache.now());
    }
    if (cached.isPresent()) {
      return fromCache(cached.get(), Origin.STALE_CACHE);
    }
    if (last != null && last.statusCode() == 429) {
      throw new ResearchException(
          Kind.RATE_LIMITED,
          service
              + " is rate-limiting us (HTTP 429 after "
              + (backoff.retries() + 1)
              + " tries); wait a minute before asking it again"
              + (service.startsWith("Semantic") ? ", or set S2_API_KEY for a higher limit" : ""));
    }
    if (lastError instanceof java.net.ConnectException) {
      throw new ResearchException(
          Kind.UNAVAILABLE,
          Endpoints.nothingAnswers(
              service,
              uri.getScheme() + "://" + uri.getAuthority(),
              SETTINGS.getOrDefault(service, "its base URL setting"),
              " and nothing is cached"));
    }
    String why =
        last != null
            ? "HTTP " + last.statusCode()
            : lastError.getClass().getSimpleName() + ": " + lastError.getMessage();
    throw new ResearchException(
        Kind.UNAVAILABLE,
        service
            + " could not be reached ("
            + why
            + " after "
            + (backoff.retries() + 1)
            + " tries) and nothing is cached; try again later or use the local library",
        lastError);
  }

  private HttpResponse<byte[]> send(URI uri, Map<String, String> headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
    request.header("User-Agent", "mlintern-research/0.1 (+https://github.com/mlintern)");
    headers.forEach(request::header);
    HttpResponse<InputStream> response =
        http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      byte[] body = in.readNBytes((int) MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new ResearchException(
            Kind.BAD_DOCUMENT,
            uri
                + " is larger than "
                + MAX_BODY_BYTES / (1024 * 1024)
                + " MB; it was not downloaded");
      }
      return new BodyResponse(response, body);
    }
  }

  private void pause(Duration delay, String service) {
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ResearchException(Kind.UNAVAILABLE, service + " retry was interrupted", e);
    }
  }

  private static OptionalLong retryAfter(HttpResponse<?> response) {
    if (response == null) {
      return OptionalLong.empty();
    }
    return response
        .headers()
        .firstValue("Retry-After")
        .flatMap(
            v -> {
              try {
                return Optional.of(Long.parseLong(v.trim()));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            })
        .map(OptionalLong::of)
        .orElse(OptionalLong.empty());
  }

  private static Fetched fromCache(DiskCache.Entry entry, Origin origin) {
    return new Fetched(200, entry.contentType(), entry.body(), origin, entry.fetchedAt());
  }
}
