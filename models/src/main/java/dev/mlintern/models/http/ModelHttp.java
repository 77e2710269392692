package dev.mlintern.models.http;

import dev.mlintern.core.config.Endpoints;
import dev.mlintern.core.config.Unreachable;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.ModelException.Kind;
import dev.mlintern.core.secret.Secrets;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.Predicate;

/**
 * The one HTTP seam both adapters share: POSTs a JSON body with the provider's headers, hands back
 * a 2xx body stream, and turns everything else into a {@link ModelException}: non-2xx answers
 * through {@link ModelErrors}, an address where nothing answers as {@link Kind#UNREACHABLE}, broken
 * connections and timeouts as {@link Kind#TRANSIENT}. Keys travel only in the headers given here
 * and are removed from every message this class builds. It never retries.
 */
public final class ModelHttp {
  /** The setting that holds each provider's address, named when nothing answers there. */
  private static final Map<String, String> SETTINGS =
      Map.of(
          "anthropic", "ANTHROPIC_BASE_URL",
          "openai", "OPENAI_BASE_URL",
          "hf-router", "MLINTERN_HF_ROUTER_URL",
          "ollama", "OLLAMA_HOST");

  private final HttpClient client;
  private final String provider;
  private final ModelErrors errors;
  private final Secrets keys;
  private final Duration timeout;

  public ModelHttp(
      HttpClient client, String provider, Secrets keys, Duration timeout, Clock clock) {
    this.client = client;
    this.provider = provider;
    this.errors = new ModelErrors(provider, clock);
    this.keys = keys;
    this.timeout = timeout;
  }

  /**
   * A client suited to model APIs: HTTP/1.1 (plain-HTTP local servers reject h2c upgrades), {@link
   * Endpoints#CONNECT_TIMEOUT} to connect, and no redirects, because the JDK client would resend
   * the key headers to wherever a redirect points.
   */
  public static HttpClient defaultClient() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Endpoints.CONNECT_TIMEOUT)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  public ModelErrors errors() {
    return errors;
  }

  /** Removes every key this client holds, and known token shapes, from {@code text}. */
  public String redact(String text) {
    return keys.redact(text);
  }

  /** POSTs {@code body} and returns the 2xx response body as a stream; the caller closes it. */
  public InputStream post(URI uri, Map<String, String> headers, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("content-type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    headers.forEach(request::header);
    HttpResponse<InputStream> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      if (!Thread.currentThread().isInterrupted() && Unreachable.is(e)) {
        throw new ModelException(
            Kind.UNREACHABLE,
            redact(
                Unreachable.message(
                    provider,
                    uri.getScheme() + "://" + uri.getAuthority(),
                    e,
                    SETTINGS.getOrDefault(provider, "the base URL in --model"))),
            null,
            e);
      }
      if (e instanceof HttpTimeoutException) {
        throw new ModelException(
            Kind.TRANSIENT, "no answer from " + uri.getHost() + " within " + timeout, null, e);
      }
      throw transientFailure(uri, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("model call to " + uri.getHost() + " interrupted");
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return response.body();
    }
    String text;
    try (InputStream in = response.body()) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "";
    }
    ModelException failure = errors.fromHttp(status, response.headers(), text, this::redact);
    if (status == 404) {
      failure =
          new ModelException(
              failure.kind(),
              failure.getMessage() + " (POST " + uri + "; check the model name and the base URL)",
              null,
              null);
    }
    throw failure;
  }

  /**
   * POSTs {@code body} and hands each event of the 2xx event stream to {@code handler} until the
   * stream ends or the handler returns false. An error event the handler reports as {@link
   * StreamErrorEvent} is mapped by kind; a stream that carries no event at all is {@link
   * Kind#MALFORMED_RESPONSE}; a connection that breaks midway is {@link Kind#TRANSIENT}.
   */
  public void stream(
      URI uri, Map<String, String> headers, String body, Predicate<SseEvent> handler) {
    Map<String, String> streamHeaders = new LinkedHashMap<>(headers);
    streamHeaders.put("accept", "text/event-stream");
    int events = 0;
    try (InputStream in = post(uri, streamHeaders, body);
        SseReader reader = new SseReader(in)) {
      SseEvent event;
      while ((event = reader.next()) != null) {
        if (event.data().isBlank()) {
          continue;
        }
        events++;
        if (!handler.test(event)) {
          break;
        }
      }
    } catch (StreamErrorEvent e) {
      throw errors.fromStreamError(e.data(), this::redact);
    } catch (IOException e) {
      throw transientFailure(uri, e);
    }
    if (events == 0) {
      throw errors.malformed("expected an event stream, got no events", "", null, this::redact);
    }
  }

  /** Reads a whole 2xx body; a connection that breaks midway is {@link Kind#TRANSIENT}. */
  public String readAll(URI uri, InputStream in) {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw transientFailure(uri, e);
    }
  }

  /**
   * A broken connection, or the caller's interrupt surfacing as an I/O error while a body is read.
   */
  private RuntimeException transientFailure(URI uri, IOException e) {
    if (Thread.currentThread().isInterrupted()) {
      return new CancellationException("model call to " + uri.getHost() + " interrupted");
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new ModelException(
        Kind.TRANSIENT,
        redact("connection to " + uri.getHost() + ":" + uri.getPort() + " failed: " + reason),
        null,
        e);
  }
}
