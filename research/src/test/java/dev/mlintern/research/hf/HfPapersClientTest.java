package dev.mlintern.research.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.research.FakeTime;
import dev.mlintern.research.Research;
import dev.mlintern.research.ResearchException;
import dev.mlintern.research.TestResearch;
import dev.mlintern.research.http.Origin;
import dev.mlintern.research.paper.Paper;
import dev.mlintern.research.paper.PaperId;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfPapersClientTest {
  @TempDir Path home;
  FixtureServer server;
  FakeTime time;
  HfPapersClient client;

  @BeforeEach
  void setUp() {
    server =
        new FixtureServer()
            .route("GET", "/api/papers/search", Response.fixture(200, "hf_papers_search.json"))
            .route("GET", "/api/papers/2602.23229", Response.fixture(200, "hf_paper_details.json"))
            .route("GET", "/api/papers/2602.99999", Response.fixture(404, "hf_paper_404.json"))
            .route("GET", "/api/daily_papers", Response.fixture(200, "hf_daily_papers.json"))
            .route("GET", "/api/datasets", Response.fixture(200, "hf_datasets_by_arxiv.json"))
            .route("GET", "/api/models", Response.fixture(200, "hf_models_search.json"));
    time = new FakeTime();
    Research research = TestResearch.create(home, server, time);
    client = research.hf();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void searchReadsNestedResultsAndSendsTheQuery() {
    var answer = client.search("in-context classifiers", 5);

    assertThat(answer.value()).extracting(Paper::id).containsExactly("arxiv:2602.23229");
    assertThat(answer.value().get(0).title())
        .isEqualTo("Large Multimodal Models as General In-Context Classifiers");
    assertThat(answer.value().get(0).authors()).contains("Marco Garosi");
    assertThat(answer.origin()).isEqualTo(Origin.NETWORK);
    assertThat(server.lastRequest().query())
        .contains("q=in-context+classifiers")
        .contains("limit=5");
  }

  @Test
  void emptySearchIsAnEmptyListAndBlankQueryIsRefusedWithoutARequest() {
    server.route("GET", "/api/papers/search", Response.json(200, "[]"));

    assertThat(client.search("nothing matches this", 5).value()).isEmpty();
    int before = server.requests().size();
    assertThatThrownBy(() -> client.search("  ", 5))
        .isInstanceOf(ResearchException.class)
        .hasMessageContaining("empty");
    assertThat(server.requests()).hasSize(before);
  }

  @Test
  void detailsCarryLinkedDatasetsAndCode() {
    HfPaper paper = client.details(PaperId.parse("arxiv:2602.23229v2")).value();

    assertThat(paper.paper().title()).startsWith("Large Multimodal Models");
    assertThat(paper.totalDatasets()).isEqualTo(1);
    assertThat(paper.linkedDatasets()).hasSize(1);
    assertThat(paper.githubRepo()).isEqualTo("https://github.com/marco-garosi/CIRCLE");
    assertThat(server.lastRequest().path()).isEqualTo("/api/papers/2602.23229");
  }

  @Test
  void unknownPaperIsNotFoundAndMalformedIdNeverReachesTheServer() {
    assertThatThrownBy(() -> client.details(PaperId.parse("2602.99999")))
        .isInstanceOfSatisfying(
            ResearchException.class,
            e -> assertThat(e.kind()).isEqualTo(ResearchException.Kind.NOT_FOUND))
        .hasMessageContaining("papers search");
    int before = server.requests().size();
    assertThatThrownBy(() -> client.details(PaperId.parse("not-a-paper")))
        .isInstanceOfSatisfying(
            ResearchException.class,
            e -> assertThat(e.kind()).isEqualTo(ResearchException.Kind.BAD_REQUEST))
        .hasMessageContaining("2104.12255");
    assertThat(server.requests()).hasSize(before);
  }

  @Test
  void dailyPapersAndBadDate() {
    assertThat(client.daily(null, 10).value())
        .extracting(Paper::id)
        .containsExactly("arxiv:2602.23229");
    assertThatThrownBy(() -> client.daily("yesterday", 10)).hasMessageContaining("YYYY-MM-DD");
  }

  @Test
  void paperToDatasetsAndModelsUseTheArxivFilter() {
    List<HubRepo> datasets = client.datasetsFor(PaperId.parse("1804.07461"), 5).value();
    assertThat(datasets).extracting(HubRepo::id).containsExactly("nyu-mll/glue");
    assertThat(server.lastRequest().query())
        .contains("filter=arxiv%3A1804.07461")
        .contains("sort=downloads");

    List<HubRepo> models = client.modelsFor(PaperId.parse("1804.07461"), 5).value();
    assertThat(models).extracting(HubRepo::kind).containsOnly("model");
    assertThat(server.lastRequest().path()).isEqualTo("/api/models");
  }

  @Test
  void throttledRequestIsRetriedAfterBackoffAndThenCached() {
    server.enqueue(Response.json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "7"));

    var first = client.search("classifiers", 5);
    assertThat(first.value()).hasSize(1);
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(7));

    int before = server.requests().size();
    var second = client.search("classifiers", 5);
    assertThat(second.origin()).isEqualTo(Origin.CACHE);
    assertThat(server.requests()).hasSize(before);
  }
}
