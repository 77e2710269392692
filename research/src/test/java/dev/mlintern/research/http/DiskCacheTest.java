package dev.mlintern.research.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.research.FakeTime;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskCacheTest {
  @TempDir Path dir;

  @Test
  void entriesAreFreshWithinTheirTimeToLiveAndKeptAfter() {
    FakeTime time = new FakeTime();
    DiskCache cache = new DiskCache(dir, time);
    cache.put("https://x/api?q=1", "application/json", "[1]".getBytes(StandardCharsets.UTF_8));

    time.advance(Duration.ofHours(1));
    DiskCache.Entry entry = cache.get("https://x/api?q=1").orElseThrow();
    assertThat(new String(entry.body(), StandardCharsets.UTF_8)).isEqualTo("[1]");
    assertThat(entry.freshAt(time.instant(), Duration.ofHours(2))).isTrue();
    assertThat(entry.freshAt(time.instant(), Duration.ofMinutes(30))).isFalse();
    assertThat(entry.freshAt(time.instant(), Duration.ZERO)).isFalse();
    assertThat(cache.get("https://x/api?q=2")).isEmpty();
  }

  @Test
  void aDamagedEntryIsAMissNotAFailure() throws IOException {
    DiskCache cache = new DiskCache(dir, new FakeTime());
    cache.put("k", "text/plain", new byte[] {1});
    try (var files = Files.list(dir)) {
      files
          .filter(f -> f.toString().endsWith(".meta"))
          .forEach(
              f -> {
                try {
                  Files.writeString(f, "fetchedAt=yesterday\nkey=k\n");
                } catch (IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              });
    }
    assertThat(cache.get("k")).isEmpty();
  }
}
