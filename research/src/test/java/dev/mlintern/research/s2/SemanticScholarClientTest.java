package dev.mlintern.research.s2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.core.config.Settings;
import dev.mlintern.research.FakeTime;
import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import dev.mlintern.research.TestResearch;
import dev.mlintern.research.paper.Paper;
import dev.mlintern.research.paper.PaperId;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import dev.mlintern.testkit.Shared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SemanticScholarClientTest {
  @TempDir Path home;
  FixtureServer server;
  FakeTime time;
  SemanticScholarClient client;

  @BeforeEach
  void setUp() {
    server =
        new FixtureServer()
            .route("GET", "/graph/v1/paper/", Response.fixture(200, "s2_paper_full_trimmed.json"))
            .route("GET", "/graph/v1/paper/search", Response.fixture(200, "s2_search.json"))
            .route(
                "GET",
                "/recommendations/v1/papers/forpaper/",
                Response.fixture(200, "s2_recommendations.json"));
    time = new FakeTime();
    client = TestResearch.create(home, server, time).s2();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void paperAsksForTheFieldsItReadsAndUsesTheArxivPrefix() {
    Paper paper = client.paper(PaperId.parse("1706.03762v5")).value();

    assertThat(paper.title()).isEqualTo("Computing Machinery and Intelligence");
    assertThat(paper.s2Id()).isEqualTo("2d5673caa9e6af3a7b82a43f19ee920992db07ad");
    assertThat(paper.doi()).isEqualTo("10.1093/MIND/LIX.236.433");
    assertThat(paper.year()).isEqualTo(1950);
    assertThat(paper.influentialCitationCount()).isEqualTo(530);
    assertThat(server.lastRequest().path()).isEqualTo("/graph/v1/paper/ARXIV:1706.03762");
    assertThat(server.lastRequest().query())
        .contains("fields=")
        .contains("influentialCitationCount");
    assertThat(server.lastRequest().header("x-api-key")).isNull();
  }

  @Test
  void apiKeyIsSentWhenSet() {
    Settings settings = TestResearch.settings(home, server, Map.of("S2_API_KEY", "test-key-123"));
    SemanticScholarClient keyed = TestResearch.create(settings, time).s2();

    keyed.paper(PaperId.parse("CorpusId:14636783"));

    assertThat(server.lastRequest().header("x-api-key")).isEqualTo("test-key-123");
    assertThat(server.lastRequest().path()).isEqualTo("/graph/v1/paper/CorpusId:14636783");
  }

  @Test
  void citationsKeepContextsIntentsAndInfluence() throws IOException {
    String item = Files.readString(Shared.fixture("s2_citation_item_full.json"));
    server.route(
        "GET",
        "/graph/v1/paper/ARXIV:1706.03762/citations",
        Response.json(200, "{\"offset\":0,\"data\":[" + item + "]}"));

    List<CitationEdge> edges = client.citations(PaperId.parse("1706.03762"), 10).value();

    assertThat(edges)
        .singleElement()
        .satisfies(
            edge -> {
              assertThat(edge.influential()).isTrue();
              assertThat(edge.intents()).containsExactly("result", "background", "methodology");
              assertThat(edge.contexts()).hasSize(4);
              assertThat(edge.paper().s2Id()).isEqualTo("bdcbc589c8d1e4dd0c6572630f8511557406ad2f");
            });
    assertThat(server.lastRequest().query())
        .contains("contexts,intents,isInfluential")
        .contains("limit=10");
  }

  @Test
  void citationsAndReferencesFromTheListFixtures() throws IOException {
    server.route(
        "GET",
        "/graph/v1/paper/ARXIV:1706.03762/citations",
        Response.fixture(200, "s2_citations.json"));
    String ref = Files.readString(Shared.fixture("s2_reference_item_full.json"));
    server.route(
        "GET",
        "/graph/v1/paper/ARXIV:1706.03762/references",
        Response.json(200, "{\"offset\":0,\"data\":[" + ref + "]}"));

    assertThat(client.citations(PaperId.parse("1706.03762"), 100).value())
        .hasSize(5)
        .first()
        .satisfies(e -> assertThat(e.paper().title()).startsWith("We’ve got you covered"));
    List<CitationEdge> refs = client.references(PaperId.parse("1706.03762"), 100).value();
    assertThat(refs)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.paper().arxivId()).isEqualTo("1402.0030");
              assertThat(e.influential()).isFalse();
              assertThat(e.intents()).containsExactly("background");
            });
  }

  @Test
  void searchAndEmptySearchWithNoDataKey() {
    assertThat(client.search("turing", 5).value())
        .hasSize(5)
        .extracting(Paper::title)
        .contains("Neural Turing Machines");

    server.route("GET", "/graph/v1/paper/search", Response.json(200, "{\"total\":0,\"offset\":0}"));
    assertThat(client.search("zzzz qqqq", 5).value()).isEmpty();
  }

  @Test
  void recommendations() {
    assertThat(
            client.recommend(PaperId.parse("2d5673caa9e6af3a7b82a43f19ee920992db07ad"), 5).value())
        .hasSize(5)
        .extracting(Paper::title)
        .contains("Distorted Democracies");
    assertThat(server.lastRequest().path())
        .isEqualTo("/recommendations/v1/papers/forpaper/2d5673caa9e6af3a7b82a43f19ee920992db07ad");
  }

  @Test
  void unknownPaperAndBadFieldsAreExplained() {
    server.route(
        "GET", "/graph/v1/paper/ARXIV:0000.00000", Response.fixture(404, "s2_error_404.json"));
    assertThatThrownBy(() -> client.paper(PaperId.parse("0000.00000")))
        .isInstanceOfSatisfying(
            ResearchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
        .hasMessageContaining("not found");

    server.route(
        "GET",
        "/graph/v1/paper/ARXIV:1111.11111",
        Response.fixture(400, "s2_error_400_bad_fields.json"));
    assertThatThrownBy(() -> client.paper(PaperId.parse("1111.11111")))
        .isInstanceOfSatisfying(
            ResearchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
        .hasMessageContaining("Unrecognized or unsupported fields");
  }

  @Test
  void throttlingBacksOffExponentiallyThenSucceeds() {
    server
        .enqueue(Response.fixture(429, "s2_error_429.json"))
        .enqueue(Response.fixture(429, "s2_error_429.json"));

    assertThat(client.paper(PaperId.parse("1706.03762")).value().title())
        .isEqualTo("Computing Machinery and Intelligence");
    assertThat(time.sleeps()).containsSubsequence(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void persistentThrottlingEndsAsRateLimitedWithAdvice() {
    server.route("GET", "/graph/v1/paper/", Response.fixture(429, "s2_error_429.json"));

    assertThatThrownBy(() -> client.paper(PaperId.parse("1706.03762")))
        .isInstanceOfSatisfying(
            ResearchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.RATE_LIMITED))
        .hasMessageContaining("S2_API_KEY");
    assertThat(server.requests()).hasSize(4);
  }
}
