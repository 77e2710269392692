package dev.mlintern.web;

import dev.mlintern.core.event.Event;
import dev.mlintern.core.event.EventJson;
import dev.mlintern.core.secret.Secrets;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Server-sent events over the store. Each client gets every event after the one it last saw — the
 * {@code Last-Event-ID} header a reconnecting browser sends, or {@code ?after=} — then follows new
 * ones: woken by the engine's listener, and polling once a second for events another process
 * appended. Event ids are the events' {@code seq}, so a reload or a server restart replays the
 * whole history and continues live.
 */
final class EventStream implements AutoCloseable {
  private static final long POLL_MILLIS = 1000;
  private static final long HEARTBEAT_MILLIS = 10_000;
  private static final int CHUNK_CHARS = 64 * 1024;

  /**
   * What one event becomes on the wire: an SSE event name and its data; empty to skip the event.
   */
  record Message(String name, String data) {}

  private final WebEngine engine;
  private final Secrets secrets;
  private final Map<String, Signal> signals = new ConcurrentHashMap<>();
  private final AutoCloseable subscription;
  private final ExecutorService followers =
      Executors.newCachedThreadPool(
          task -> {
            Thread thread = new Thread(task, "mlintern-sse");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean closed;

  EventStream(WebEngine engine, Secrets secrets) {
    this.engine = engine;
    this.secrets = secrets;
    this.subscription = engine.subscribe(event -> signal(event.session()).bump());
  }

  /** The session's events as {@link EventJson} objects, event name {@code message}. */
  void events(SseClient client) {
    String session = client.ctx().pathParam("id");
    follow(client, session, e -> Optional.of(new Message("message", EventJson.toJson(e))));
  }

  /**
   * Follows {@code session} from the client's position, sending what {@code render} makes of each
   * event, on a thread of our own; the request stays open until the client leaves or the server
   * stops.
   */
  void follow(SseClient client, String session, Function<Event, Optional<Message>> render) {
    long after =
        Math.max(
            number(client.ctx().header("Last-Event-ID")), number(client.ctx().queryParam("after")));
    client.keepAlive();
    followers.execute(
        () -> {
          try {
            loop(client, session, after, render);
          } catch (RuntimeException e) {
            if (!closed) {
              throw e;
            }
          } finally {
            client.close();
          }
        });
  }

  private void loop(
      SseClient client, String session, long from, Function<Event, Optional<Message>> render) {
    OutputStream out;
    try {
      out = client.ctx().res().getOutputStream();
    } catch (IOException e) {
      return;
    }
    long after = from;
    Signal signal = signal(session);
    long lastWrite = System.currentTimeMillis();
    try {
      write(out, new StringBuilder(": mlintern ").append(session).append("\n\n"));
      while (!closed && !client.terminated() && !Thread.currentThread().isInterrupted()) {
        long version = signal.version();
        List<Event> batch = engine.events(session, after);
        StringBuilder chunk = new StringBuilder();
        for (Event event : batch) {
          if (closed) {
            return;
          }
          Optional<Message> message = render.apply(event);
          if (message.isPresent()) {
            frame(chunk, message.get().name(), secrets.redact(message.get().data()), event.seq());
          }
          after = event.seq();
          if (chunk.length() > CHUNK_CHARS) {
            write(out, chunk);
            chunk.setLength(0);
          }
        }
        if (chunk.length() > 0) {
          write(out, chunk);
          lastWrite = System.currentTimeMillis();
        }
        if (batch.isEmpty()) {
          if (System.currentTimeMillis() - lastWrite > HEARTBEAT_MILLIS) {
            write(out, new StringBuilder(": keepalive\n\n"));
            lastWrite = System.currentTimeMillis();
          }
          signal.await(version, POLL_MILLIS);
        }
      }
    } catch (IOException e) {
      // the browser went away; it resumes with Last-Event-ID when it comes back
    }
  }

  /**
   * One SSE frame; a multi-line payload becomes several {@code data:} lines, as the format
   * requires.
   */
  static void frame(StringBuilder out, String name, String data, long id) {
    out.append("id: ").append(id).append('\n').append("event: ").append(name).append('\n');
    for (String line : data.split("\r\n|\r|\n", -1)) {
      out.append("data: ").append(line).append('\n');
    }
    out.append('\n');
  }

  private static void write(OutputStream out, StringBuilder text) throws IOException {
    out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private Signal signal(String session) {
    return signals.computeIfAbsent(session, s -> new Signal());
  }

  private static long number(String value) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    try {
      return Math.max(0, Long.parseLong(value.strip()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      subscription.close();
    } catch (Exception e) {
      throw new WebException("cannot stop following the store: " + e.getMessage(), e);
    }
    signals.values().forEach(Signal::bump);
    followers.shutdown();
    try {
      followers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A version counter a follower waits on; bumped on every event of its session. */
  private static final class Signal {
    private long version;

    synchronized long version() {
      return version;
    }

    synchronized void bump() {
      version++;
      notifyAll();
    }

    synchronized void await(long seen, long millis) {
      if (version != seen) {
        return;
      }
      try {
        wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
