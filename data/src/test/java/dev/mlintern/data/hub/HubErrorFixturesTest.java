package dev.mlintern.data.hub;

import static dev.mlintern.data.hub.HubClientTest.assertKind;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.data.DataException.Kind;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import dev.mlintern.testkit.Shared;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Replays every error response of the shared {@code hf_error_headers.json} and checks the kind it
 * maps to.
 */
class HubErrorFixturesTest {
  private static final Map<String, Kind> EXPECTED =
      Map.of(
          "repo_not_found_authenticated", Kind.NOT_FOUND,
          "repo_not_found_anonymous", Kind.NOT_FOUND,
          "entry_not_found", Kind.NOT_FOUND,
          "revision_not_found", Kind.NOT_FOUND,
          "gated_anonymous", Kind.GATED,
          "rate_limited", Kind.RATE_LIMITED);

  @Test
  void eachRecordedErrorMapsToItsKind() throws Exception {
    JsonNode samples =
        new ObjectMapper().readTree(Shared.fixture("hf_error_headers.json").toFile());
    for (var entry : EXPECTED.entrySet()) {
      JsonNode sample = samples.get(entry.getKey());
      Map<String, String> headers = new LinkedHashMap<>();
      sample
          .path("headers")
          .fields()
          .forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
      String body =
          sample.has("body") ? sample.get("body").toString() : sample.path("body_text").asText("");
      try (FixtureServer server = new FixtureServer()) {
        server.route(
            "GET",
            "/api/datasets/some/repo",
            new Response(
                sample.path("status").asInt(), headers, body.getBytes(StandardCharsets.UTF_8)));
        RecordingSleeper sleeper = new RecordingSleeper();
        HubClient hub =
            new HubClient(
                HubClient.defaultHttpClient(), server.baseUrl(), Optional.empty(), sleeper);
        assertKind(
            () -> hub.info(RepoKind.DATASET, "some/repo", null), entry.getValue(), "some/repo");
        if (entry.getValue() == Kind.RATE_LIMITED) {
          assertThat(sleeper.waits)
              .as("Retry-After honoured")
              .containsOnly(Duration.ofSeconds(55))
              .hasSize(3);
        } else {
          assertThat(sleeper.waits).as(entry.getKey() + " is not retried").isEmpty();
        }
      }
    }
  }
}
