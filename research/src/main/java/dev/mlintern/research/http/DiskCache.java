package dev.mlintern.research.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * Responses of the paper sources kept on disk, keyed by request URL, so that repeated reads cost
 * nothing, a crawl interrupted half way resumes where it stopped, and an offline machine still
 * answers what it has seen. Each entry is a body file and a small properties file (when, content
 * type); writes are atomic. Freshness is decided by the caller's time-to-live, so one entry can be
 * fresh for one use and stale for another.
 */
public final class DiskCache {
  /** One cached response. */
  public record Entry(Instant fetchedAt, String contentType, byte[] body) {
    public boolean freshAt(Instant now, Duration ttl) {
      return fetchedAt.plus(ttl).isAfter(now);
    }
  }

  private final Path dir;
  private final Clock clock;

  public DiskCache(Path dir, Clock clock) {
    this.dir = dir;
    this.clock = clock;
  }

  public Optional<Entry> get(String key) {
    Path body = dir.resolve(hash(key) + ".body");
    Path meta = dir.resolve(hash(key) + ".meta");
    if (!Files.isRegularFile(body) || !Files.isRegularFile(meta)) {
      return Optional.empty();
    }
    try {
      Properties props = new Properties();
      try (var in = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
        props.load(in);
      }
      if (!key.equals(props.getProperty("key"))) {
        return Optional.empty();
      }
      return Optional.of(
          new Entry(
              Instant.parse(props.getProperty("fetchedAt")),
              props.getProperty("contentType", ""),
              Files.readAllBytes(body)));
    } catch (IOException | RuntimeException e) {
      return Optional.empty(); // a damaged entry is a miss, never a failure
    }
  }

  public void put(String key, String contentType, byte[] body) {
    try {
      Files.createDirectories(dir);
      String name = hash(key);
      Path tmpBody = Files.createTempFile(dir, name, ".tmp");
      Files.write(tmpBody, body);
      Files.move(
          tmpBody,
          dir.resolve(name + ".body"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      Properties props = new Properties();
      props.setProperty("key", key);
      props.setProperty("fetchedAt", clock.instant().toString());
      props.setProperty("contentType", contentType == null ? "" : contentType);
      Path tmpMeta = Files.createTempFile(dir, name, ".tmp");
      try (var out = Files.newBufferedWriter(tmpMeta, StandardCharsets.UTF_8)) {
        props.store(out, null);
      }
      Files.move(
          tmpMeta,
          dir.resolve(name + ".meta"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the research cache in " + dir, e);
    }
  }

  public Instant now() {
    return clock.instant();
  }

  static String hash(String key) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
