package dev.mlintern.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A local HTTP server on 127.0.0.1 that answers from the shared fixtures (or bodies you give it)
 * and records every request, so clients are tested against real wire samples rather than mocks.
 * Routes match on method and path prefix; one-off responses queued with {@link #enqueue} come
 * first, which is how tests inject faults.
 */
public final class FixtureServer implements AutoCloseable {
  /** A recorded request; {@code body} is {@code bytes} read as UTF-8. */
  public record Request(
      String method,
      String path,
      String query,
      Map<String, List<String>> headers,
      String body,
      byte[] bytes) {
    public String header(String name) {
      for (var entry : headers.entrySet()) {
        if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
          return entry.getValue().get(0);
        }
      }
      return null;
    }
  }

  /**
   * A canned response; {@code body} bytes are sent as they are. A status of -1 drops the
   * connection.
   */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    public static Response json(int status, String body) {
      return new Response(
          status,
          Map.of("Content-Type", "application/json"),
          body.getBytes(StandardCharsets.UTF_8));
    }

    public static Response fixture(int status, String fixtureName) {
      return file(status, Shared.fixture(fixtureName));
    }

    public static Response file(int status, Path file) {
      String name = file.getFileName().toString();
      String type =
          name.endsWith(".sse")
              ? "text/event-stream; charset=utf-8"
              : name.endsWith(".xml")
                  ? "application/atom+xml; charset=utf-8"
                  : name.endsWith(".html")
                      ? "text/html; charset=utf-8"
                      : name.endsWith(".md")
                          ? "text/plain; charset=utf-8"
                          : name.endsWith(".ndjson") ? "application/x-ndjson" : "application/json";
      try {
        return new Response(status, Map.of("Content-Type", type), Files.readAllBytes(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public static Response text(int status, String contentType, String body) {
      return new Response(
          status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8));
    }

    /** Closes the connection without answering: a connection reset as the client sees it. */
    public static Response reset() {
      return new Response(-1, Map.of(), new byte[0]);
    }

    public Response withHeader(String name, String value) {
      Map<String, String> merged = new LinkedHashMap<>(headers);
      merged.put(name, value);
      return new Response(status, merged, body);
    }
  }

  private record Route(
      String method,
      String pathPrefix,
      Predicate<Request> when,
      Function<Request, Response> answer) {}

  private final HttpServer server;
  private final List<Route> routes = new CopyOnWriteArrayList<>();
  private final Deque<Response> queued = new ArrayDeque<>();
  private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());

  public FixtureServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "fixture-server");
              t.setDaemon(true);
              return t;
            }));
    server.start();
  }

  /** Base URL without a trailing slash, e.g. {@code http://127.0.0.1:43125}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public FixtureServer route(String method, String pathPrefix, Response response) {
    return route(method, pathPrefix, r -> true, r -> response);
  }

  public FixtureServer route(String method, String pathPrefix, Function<Request, Response> answer) {
    return route(method, pathPrefix, r -> true, answer);
  }

  /**
   * Routes added later win over earlier ones with the same prefix; longer prefixes win over
   * shorter.
   */
  public FixtureServer route(
      String method,
      String pathPrefix,
      Predicate<Request> when,
      Function<Request, Response> answer) {
    routes.add(0, new Route(method, pathPrefix, when, answer));
    return this;
  }

  /** The next request, whatever it is, gets this response. */
  public synchronized FixtureServer enqueue(Response response) {
    queued.addLast(response);
    return this;
  }

  public List<Request> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public Request lastRequest() {
    List<Request> all = requests();
    if (all.isEmpty()) {
      throw new IllegalStateException("no request was received");
    }
    return all.get(all.size() - 1);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] received = exchange.getRequestBody().readAllBytes();
      Request request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getRawPath(),
              exchange.getRequestURI().getRawQuery(),
              Map.copyOf(exchange.getRequestHeaders()),
              new String(received, StandardCharsets.UTF_8),
              received);
      requests.add(request);
      Response response;
      synchronized (this) {
        response = queued.pollFirst();
      }
      if (response == null) {
        response = match(request);
      }
      if (response.status() < 0) {
        exchange.getHttpContext().getServer();
        exchange.close();
        return;
      }
      response.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
      byte[] bytes = response.body();
      exchange.sendResponseHeaders(response.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }

  private Response match(Request request) {
    Route best = null;
    for (Route route : routes) {
      if (route.method().equalsIgnoreCase(request.method())
          && request.path().startsWith(route.pathPrefix())
          && route.when().test(request)) {
        if (best == null || route.pathPrefix().length() > best.pathPrefix().length()) {
          best = route;
        }
      }
    }
    if (best == null) {
      return Response.json(
          404,
          "{\"error\":\"no fixture route for " + request.method() + " " + request.path() + "\"}");
    }
    return best.answer().apply(request);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
