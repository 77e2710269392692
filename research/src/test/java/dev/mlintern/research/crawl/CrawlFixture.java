package dev.mlintern.research.crawl;

import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * Serves the written-here citation graph in src/test/resources/crawl as a Semantic Scholar server.
 */
final class CrawlFixture {
  private CrawlFixture() {}

  static FixtureServer server() {
    return new FixtureServer()
        .route(
            "GET",
            "/graph/v1/paper/",
            request -> {
              String rest = request.path().substring("/graph/v1/paper/".length());
              String[] parts = rest.split("/");
              String file =
                  parts.length == 1
                      ? "paper_" + parts[0].replace(':', '_') + ".json"
                      : parts[1] + "_" + parts[0] + ".json";
              URL url = CrawlFixture.class.getClassLoader().getResource("crawl/" + file);
              if (url == null) {
                return parts.length == 1
                    ? Response.json(404, "{\"error\":\"Paper with id " + parts[0] + " not found\"}")
                    : Response.json(200, "{\"offset\":0,\"data\":[]}");
              }
              try {
                return Response.file(200, Path.of(url.toURI()));
              } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
              }
            });
  }
}
