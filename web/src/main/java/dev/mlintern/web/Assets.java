package dev.mlintern.web;

import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UI's scripts and styles, served from the classpath by name: the WebJars (htmx, its SSE
 * extension, uPlot) and our own files under {@code web/}. Only the names listed here are served —
 * no directory is exposed.
 */
final class Assets {
  private static final Map<String, String> FILES =
      Map.of(
          "htmx.min.js", "META-INF/resources/webjars/htmx.org/2.0.4/dist/htmx.min.js",
          "sse.js", "META-INF/resources/webjars/htmx-ext-sse/2.2.2/sse.js",
          "uPlot.iife.min.js", "META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.iife.min.js",
          "uPlot.min.css", "META-INF/resources/webjars/uplot/1.6.30/dist/uPlot.min.css",
          "app.css", "web/app.css",
          "timeline.js", "web/timeline.js",
          "charts.js", "web/charts.js",
          "runcharts.js", "web/runcharts.js");

  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  void serve(Context ctx) {
    String name = ctx.pathParam("name");
    String resource = FILES.get(name);
    if (resource == null) {
      throw new NotFoundResponse("no asset " + name);
    }
    byte[] bytes = cache.computeIfAbsent(resource, Assets::read);
    ctx.contentType(
        name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8");
    ctx.header("Cache-Control", "max-age=3600");
    ctx.result(bytes);
  }

  private static byte[] read(String resource) {
    try (InputStream in = Assets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("asset missing from the classpath: " + resource);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
