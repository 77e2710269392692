package dev.mlintern.web;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Reads a server-sent event stream until it has seen {@code events} events, then hangs up (written
 * here).
 */
final class EventStreamReader {
  private EventStreamReader() {}

  static String read(WebClient client, String path, String lastEventId, int events) {
    return read(client, path, lastEventId, events, () -> {});
  }

  /**
   * As {@link #read}, running {@code onOpen} once the stream is connected (to append live events).
   */
  static String read(
      WebClient client, String path, String lastEventId, int events, Runnable onOpen) {
    HttpRequest.Builder request = client.signedIn(path).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    HttpClient http = HttpClient.newHttpClient();
    CompletableFuture<String> result =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                HttpResponse<Stream<String>> response =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() != 200) {
                  return "HTTP " + response.statusCode();
                }
                StringBuilder out = new StringBuilder();
                int seen = 0;
                boolean opened = false;
                boolean hasId = false;
                try (Stream<String> lines = response.body()) {
                  Iterator<String> it = lines.iterator();
                  while (seen < events && it.hasNext()) {
                    String line = it.next();
                    if (!opened) {
                      opened = true;
                      onOpen.run();
                    }
                    out.append(line).append('\n');
                    if (line.startsWith("id:")) {
                      hasId = true;
                    } else if (line.isEmpty() && hasId) {
                      hasId = false;
                      seen++;
                    }
                  }
                }
                return out.toString();
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            });
    try {
      return result.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      throw new AssertionError(
          "SSE stream " + path + " did not deliver " + events + " events: " + e, e);
    }
  }
}
