package dev.mlintern.data.hub;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.config.Endpoints;
import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP seam both Hugging Face clients share, and the one place their retry policy lives: 429
 * waits for {@code Retry-After} (else the {@code RateLimit} header's {@code t}, else backoff), 5xx
 * other than 501 and the dataset viewer's {@code ResponseNotReadyError} back off 1, 2, 4 s, a
 * dropped connection is retried the same way; after {@value #ATTEMPTS} attempts the last failure
 * becomes a {@link DataException} of the matching kind. The token goes only to the base URL's host,
 * and redirects are followed by hand so it is dropped on cross-host hops.
 */
final class HubHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int ATTEMPTS = 4;
  private static final Duration MAX_WAIT = Duration.ofMinutes(2);
  private static final Pattern RATE_LIMIT_T = Pattern.compile("t=(\\d+)");

  private final HttpClient client;
  private final URI base;
  private final Optional<String> token;
  private final Sleeper sleeper;
  private final String service;
  private final String setting;

  /**
   * @param service named in errors ("Hub")
   * @param setting the setting that holds {@code baseUrl}, named when its server cannot be reached
   */
  HubHttp(
      HttpClient client,
      String baseUrl,
      Optional<String> token,
      Sleeper sleeper,
      String service,
      String setting) {
    this.client = client;
    this.base =
        URI.create(baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl);
    this.token = token.filter(t -> !t.isBlank());
    this.sleeper = sleeper;
    this.service = service;
    this.setting = setting;
  }

  URI uri(String pathAndQuery) {
    return URI.create(base + pathAndQuery);
  }

  boolean hasToken() {
    return token.isPresent();
  }

  JsonNode getJson(String pathAndQuery, String what) {
    return json(
        send(
            HttpRequest.newBuilder(uri(pathAndQuery)).GET(),
            HttpResponse.BodyHandlers.ofByteArray(),
            what),
        what);
  }

  JsonNode postJson(String pathAndQuery, String contentType, String body, String what) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(pathAndQuery))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    return json(send(request, HttpResponse.BodyHandlers.ofByteArray(), what), what);
  }

  HttpResponse<byte[]> get(URI uri, String what) {
    return send(HttpRequest.newBuilder(uri).GET(), HttpResponse.BodyHandlers.ofByteArray(), what);
  }

  private JsonNode json(HttpResponse<byte[]> response, String what) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new DataException(
          Kind.SERVER,
          response.statusCode(),
          service + ": " + what + " answered with a body that is not JSON");
    }
  }

  /**
   * Sends with retries and manual redirects; returns a 2xx (or 206) response or throws. The builder
   * is copied per attempt, so its body publisher must be repeatable.
   */
  <T> HttpResponse<T> send(
      HttpRequest.Builder builder, HttpResponse.BodyHandler<T> handler, String what) {
    return send(builder, handler, what, true);
  }

  /**
   * The first hop only (a HEAD on a resolve URL, to read {@code X-Linked-Etag} before the
   * redirect).
   */
  HttpResponse<byte[]> firstHop(URI uri, String what) {
    return send(
        HttpRequest.newBuilder(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()),
        HttpResponse.BodyHandlers.ofByteArray(),
        what,
        false);
  }

  private <T> HttpResponse<T> send(
      HttpRequest.Builder builder,
      HttpResponse.BodyHandler<T> handler,
      String what,
      boolean follow) {
    for (int attempt = 1; ; attempt++) {
      HttpResponse<T> response;
      try {
        response = followRedirects(builder, handler, follow ? 5 : 0);
      } catch (java.net.ConnectException e) {
        throw new DataException(
            Kind.SERVER, Endpoints.nothingAnswers(service, base.toString(), setting, ""));
      } catch (IOException e) {
        if (attempt >= ATTEMPTS) {
          throw new DataException(
              Kind.SERVER,
              service
                  + ": "
                  + what
                  + " failed after "
                  + ATTEMPTS
                  + " attempts: connection problem ("
                  + e.getClass().getSimpleName()
                  + ")");
        }
        pause(backoff(attempt));
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new DataException(Kind.SERVER, service + ": " + what + " was interrupted");
      }
      int status = response.statusCode();
      if (status < 300 || (!follow && status < 400)) {
        return response;
      }
      DataException error = errorOf(response, what);
      Optional<Duration> wait = retryWait(response, error, attempt);
      if (wait.isEmpty() || attempt >= ATTEMPTS) {
        throw error;
      }
      pause(wait.get());
    }
  }

  private <T> HttpResponse<T> followRedirects(
      HttpRequest.Builder builder, HttpResponse.BodyHandler<T> handler, int hops)
      throws IOException, InterruptedException {
    HttpRequest request = authorize(builder.copy()).build();
    for (int hop = 0; ; hop++) {
      HttpResponse<T> response = client.send(request, handler);
      int status = response.statusCode();
      Optional<String> location = response.headers().firstValue("Location");
      if (status < 300 || status >= 400 || location.isEmpty() || hop >= hops) {
        return response;
      }
      URI next = request.uri().resolve(location.get());
      HttpRequest.Builder hopBuilder = HttpRequest.newBuilder(next).GET();
      request
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!name.equalsIgnoreCase("Authorization")
                    && !name.equalsIgnoreCase("Content-Type")
                    && !name.equalsIgnoreCase("Content-Length")
                    && !name.equalsIgnoreCase("Host")) {
                  values.forEach(v -> hopBuilder.header(name, v));
                }
              });
      request = (sameHost(next) ? authorize(hopBuilder) : hopBuilder).build();
    }
  }

  private HttpRequest.Builder authorize(HttpRequest.Builder builder) {
    HttpRequest probe = builder.copy().build();
    if (token.isPresent() && sameHost(probe.uri())) {
      builder.setHeader("Authorization", "Bearer " + token.get());
    }
    return builder.setHeader("User-Agent", "mlintern");
  }

  private boolean sameHost(URI uri) {
    return base.getHost() != null
        && base.getHost().equalsIgnoreCase(uri.getHost())
        && base.getPort() == uri.getPort();
  }

  private Optional<Duration> retryWait(HttpResponse<?> response, DataException error, int attempt) {
    return switch (error.kind()) {
      case RATE_LIMITED -> Optional.of(rateLimitWait(response, attempt));
      case SERVER -> Optional.of(backoff(attempt));
      case NOT_READY -> Optional.of(Duration.ofSeconds(5L * attempt));
      default -> Optional.empty();
    };
  }

  private static Duration rateLimitWait(HttpResponse<?> response, int attempt) {
    Optional<String> retryAfter = response.headers().firstValue("Retry-After");
    try {
      if (retryAfter.isPresent()) {
        return min(Duration.ofSeconds(Long.parseLong(retryAfter.get().trim())));
      }
    } catch (NumberFormatException ignored) {
      // an HTTP date: fall through to the RateLimit header or backoff
    }
    Optional<String> rateLimit = response.headers().firstValue("RateLimit");
    if (rateLimit.isPresent()) {
      Matcher m = RATE_LIMIT_T.matcher(rateLimit.get());
      if (m.find()) {
        return min(Duration.ofSeconds(Long.parseLong(m.group(1)) + 1));
      }
    }
    return backoff(attempt);
  }

  private static Duration min(Duration d) {
    return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
  }

  private static Duration backoff(int attempt) {
    return Duration.ofSeconds(1L << (attempt - 1));
  }

  private void pause(Duration duration) {
    try {
      sleeper.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataException(Kind.SERVER, service + ": interrupted while waiting to retry");
    }
  }

  /** Maps a failed response to the exception a caller (or the model) can act on. */
  DataException errorOf(HttpResponse<?> response, String what) {
    int status = response.statusCode();
    String code = response.headers().firstValue("X-Error-Code").orElse("");
    String message =
        response.headers().firstValue("X-Error-Message").orElseGet(() -> bodyMessage(response));
    String detail =
        " ("
            + status
            + (code.isEmpty() ? "" : " " + code)
            + (message.isEmpty() ? "" : ": " + message)
            + ")";
    String prefix = service + ": " + what;
    if (code.equals("GatedRepo") || status == 403) {
      return new DataException(
          Kind.GATED,
          status,
          prefix
              + " is gated or not accessible with this token"
              + detail
              + "; request access on the Hub page and set HF_TOKEN to a token of an account that has it");
    }
    if (status == 401) {
      if (message.contains("Invalid credentials")) {
        return new DataException(
            Kind.UNAUTHORIZED,
            status,
            prefix
                + " was refused: HF_TOKEN is invalid"
                + detail
                + "; create a new token at https://huggingface.co/settings/tokens");
      }
      return new DataException(
          Kind.NOT_FOUND,
          status,
          prefix
              + " was not found, or it is private or gated"
              + detail
              + (hasToken() ? "" : "; if it is private or gated, set HF_TOKEN"));
    }
    if (status == 404) {
      return new DataException(
          Kind.NOT_FOUND,
          status,
          prefix + " was not found" + detail + "; check the id, revision and path");
    }
    if (status == 409) {
      return new DataException(
          Kind.CONFLICT, status, prefix + " conflicts with what exists" + detail);
    }
    if (status == 429) {
      return new DataException(
          Kind.RATE_LIMITED,
          status,
          prefix
              + " is rate-limited"
              + detail
              + "; wait a few minutes"
              + (hasToken() ? "" : " or set HF_TOKEN for a higher quota"));
    }
    if (status == 501) {
      return new DataException(
          Kind.BLOCKED,
          status,
          prefix
              + " is not served by the "
              + service
              + detail
              + "; download the dataset's files from the Hub instead");
    }
    if (code.equals("ResponseNotReadyError")) {
      return new DataException(
          Kind.NOT_READY, status, prefix + " is not ready yet" + detail + "; retry in a minute");
    }
    if (status >= 500) {
      return new DataException(
          Kind.SERVER, status, prefix + " failed on the server side" + detail + "; retry later");
    }
    return new DataException(Kind.BAD_REQUEST, status, prefix + " was rejected" + detail);
  }

  private static String bodyMessage(HttpResponse<?> response) {
    if (!(response.body() instanceof byte[] bytes) || bytes.length == 0) {
      return "";
    }
    String text = new String(bytes, StandardCharsets.UTF_8).strip();
    try {
      JsonNode node = JSON.readTree(text);
      JsonNode error = node.path("error");
      if (error.isTextual()) {
        return error.asText();
      }
      if (error.isArray()) {
        return error.toString();
      }
    } catch (IOException ignored) {
      // plain-text body
    }
    return text.length() > 200 ? text.substring(0, 200) + "…" : text;
  }

  static String encode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static String query(Map<String, ?> params) {
    StringBuilder out = new StringBuilder();
    params.forEach(
        (name, value) -> {
          if (value == null) {
            return;
          }
          Iterable<?> values = value instanceof Iterable<?> it ? it : java.util.List.of(value);
          for (Object v : values) {
            out.append(out.length() == 0 ? "?" : "&")
                .append(name)
                .append('=')
                .append(encode(String.valueOf(v)));
          }
        });
    return out.toString();
  }
}
