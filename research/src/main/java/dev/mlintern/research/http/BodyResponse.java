package dev.mlintern.research.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import javax.net.ssl.SSLSession;

/** A streamed response read into bytes under a size cap, keeping status and headers. */
record BodyResponse(HttpResponse<?> wire, byte[] body) implements HttpResponse<byte[]> {
  @Override
  public int statusCode() {
    return wire.statusCode();
  }

  @Override
  public HttpRequest request() {
    return wire.request();
  }

  @Override
  public Optional<HttpResponse<byte[]>> previousResponse() {
    return Optional.empty();
  }

  @Override
  public HttpHeaders headers() {
    return wire.headers();
  }

  @Override
  public Optional<SSLSession> sslSession() {
    return wire.sslSession();
  }

  @Override
  public URI uri() {
    return wire.uri();
  }

  @Override
  public HttpClient.Version version() {
    return wire.version();
  }
}
