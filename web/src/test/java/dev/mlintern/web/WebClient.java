package dev.mlintern.web;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A plain HTTP client for the server under test, signed in with the cookie a browser would hold
 * (written here).
 */
final class WebClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final AccessToken token;

  WebClient(WebServer server, AccessToken token) {
    this.base = server.baseUrl();
    this.token = token;
  }

  String base() {
    return base;
  }

  HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
  }

  HttpRequest.Builder signedIn(String path) {
    return request(path).header("Cookie", Guard.COOKIE + "=" + token.value());
  }

  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  HttpResponse<String> get(String path) {
    return send(signedIn(path));
  }

  /** A same-origin form POST as the page's htmx would send it, CSRF header included. */
  HttpResponse<String> post(String path, Map<String, String> form) {
    return send(
        signedIn(path)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Origin", base)
            .header("Sec-Fetch-Site", "same-origin")
            .header(Guard.CSRF_HEADER, token.csrf())
            .POST(HttpRequest.BodyPublishers.ofString(encode(form))));
  }

  static String encode(Map<String, String> form) {
    return form.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
