package dev.mlintern.compute.executor;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mirrors an HF Jobs logs stream (SSE, one {@code data: {"data": line}} event per log line, which
 * replays the whole log on every connection and may stay open while the job runs) into {@code
 * outputDir/stdout.log}, incrementally: the number of log events already mirrored is remembered
 * beside the log ({@value #OFFSET_FILE}), events up to it are skipped and only new lines are
 * appended. One fetch stops at the end of the stream, after {@link Caps#idle} without a new event
 * (caught up on a stream that stays open), after {@link Caps#budget} in all, or after {@link
 * Caps#maxLines} new lines (the next fetch goes on from there). A partial event at a break is left
 * for the next fetch; the "===== Job started" banner is dropped. Concurrent fetches of one job skip
 * rather than interleave.
 */
final class SseLogMirror {
  static final String OFFSET_FILE = "stdout.log.events";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String END = new String("end of stream");
  private static final int MAX_LINE_CHARS = 16_384;
  private static final int BATCH = 256;
  private final HttpClient http;
  private final Caps caps;

  /**
   * How much one fetch reads: new lines at most, quiet time that means caught up, and wall time in
   * all.
   */
  record Caps(int maxLines, Duration idle, Duration budget) {
    static final Caps DEFAULT = new Caps(5_000, Duration.ofSeconds(1), Duration.ofSeconds(8));
  }

  SseLogMirror(HttpClient http, Caps caps) {
    this.http = http;
    this.caps = caps;
  }

  /**
   * Appends the stream's new lines to the mirror; a stream that cannot be read now leaves the
   * mirror as it is.
   */
  void fetch(HttpRequest request, Path outputDir) {
    try (FileChannel lockFile =
        FileChannel.open(
            outputDir.resolve("stdout.log.lock"),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE)) {
      FileLock held = tryLock(lockFile);
      if (held == null) {
        return; // another fetch of this job is under way; its lines are the same ones
      }
      try (FileLock lock = held) {
        long offset = offset(outputDir);
        long seen = read(request, outputDir.resolve("stdout.log"), offset);
        if (seen > offset) {
          Path tmp = outputDir.resolve(OFFSET_FILE + ".tmp");
          Files.writeString(tmp, Long.toString(seen));
          Files.move(
              tmp,
              outputDir.resolve(OFFSET_FILE),
              StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.ATOMIC_MOVE);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the job log mirror in " + outputDir, e);
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  /**
   * Reads the stream, appending events past {@code offset}; returns how many log events it has now
   * seen.
   */
  private long read(HttpRequest request, Path log, long offset) throws IOException {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    Flow.Subscriber<String> subscriber =
        new Flow.Subscriber<>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            subscription.set(s);
            s.request(BATCH);
          }

          @Override
          public void onNext(String line) {
            lines.add(line);
          }

          @Override
          public void onError(Throwable error) {
            lines.add(END);
          }

          @Override
          public void onComplete() {
            lines.add(END);
          }
        };
    CompletableFuture<HttpResponse<Void>> response =
        http.sendAsync(
            request,
            info -> {
              if (info.statusCode() != 200) {
                lines.add(END);
                return HttpResponse.BodySubscribers.replacing(null);
              }
              return HttpResponse.BodySubscribers.fromLineSubscriber(subscriber);
            });
    response.whenComplete((r, e) -> lines.add(END));
    long seen = 0;
    int added = 0;
    int taken = 0;
    long deadline = System.nanoTime() + caps.budget().toNanos();
    try (Writer out =
        Files.newBufferedWriter(
            log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      while (added < caps.maxLines()) {
        long wait = Math.min(caps.idle().toNanos(), deadline - System.nanoTime());
        String line = wait <= 0 ? null : lines.poll(wait, TimeUnit.NANOSECONDS);
        if (line == null || line == END) {
          break;
        }
        if (++taken % BATCH == 0 && subscription.get() != null) {
          subscription.get().request(BATCH);
        }
        String data = data(line);
        if (data == null || data.startsWith("===== Job started")) {
          continue;
        }
        if (++seen > offset) {
          out.write(data.length() > MAX_LINE_CHARS ? data.substring(0, MAX_LINE_CHARS) : data);
          out.write('\n');
          added++;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      Flow.Subscription s = subscription.get();
      if (s != null) {
        s.cancel();
      }
      response.cancel(true);
    }
    return seen;
  }

  /**
   * The log line a {@code data:} event carries; null for comments, other fields and a partial
   * event.
   */
  private static String data(String line) {
    if (!line.startsWith("data:")) {
      return null;
    }
    try {
      var event = JSON.readTree(line.substring(5).strip());
      return event != null && event.path("data").isTextual()
          ? event.get("data").asText().replace("\r", "").replace('\n', ' ')
          : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** Log events mirrored so far; a mirror written before offsets were kept counts its lines. */
  private static long offset(Path outputDir) throws IOException {
    Path file = outputDir.resolve(OFFSET_FILE);
    if (Files.exists(file)) {
      try {
        return Long.parseLong(Files.readString(file).strip());
      } catch (NumberFormatException e) {
        // a damaged offset: fall back to the mirror's own line count
      }
    }
    Path log = outputDir.resolve("stdout.log");
    if (!Files.exists(log)) {
      return 0;
    }
    try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
      return lines.count();
    }
  }
}
