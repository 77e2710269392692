package dev.mlintern.research.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.research.FakeTime;
import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import dev.mlintern.research.TestPdfs;
import dev.mlintern.research.TestResearch;
import dev.mlintern.research.http.Origin;
import dev.mlintern.research.paper.Paper;
import dev.mlintern.research.paper.PaperId;
import dev.mlintern.research.read.PaperDocument;
import dev.mlintern.research.read.Section;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArxivClientTest {
  @TempDir Path home;
  FixtureServer server;
  FakeTime time;
  ArxivClient client;

  @BeforeEach
  void setUp() {
    server =
        new FixtureServer()
            .route("GET", "/api/query", Response.fixture(200, "arxiv_query_search.atom.xml"));
    time = new FakeTime();
    client = TestResearch.create(home, server, time).arxiv();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void searchParsesTheFeedAndNormalisesWhitespace() {
    var answer = client.search("all:testing", 10);

    assertThat(answer.value()).hasSize(10);
    Paper first = answer.value().get(0);
    assertThat(first.arxivId()).isEqualTo("2202.12139v1");
    assertThat(first.title())
        .isEqualTo(
            "Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques");
    assertThat(first.doi()).isEqualTo("10.1109/ICSTW55395.2022.00035");
    assertThat(first.year()).isEqualTo(2022);
    assertThat(first.authors())
        .containsExactly("Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker");
    assertThat(decoded(server.lastRequest().query()))
        .contains("search_query=all:testing")
        .contains("max_results=10");
  }

  @Test
  void pagingFollowsStartUntilTheLimitAndHonoursTheThreeSecondRule() {
    var answer = client.search("ti:\"deep learning\" AND cat:cs.SE", 25);

    assertThat(answer.value()).hasSize(25);
    List<String> queries = server.requests().stream().map(r -> decoded(r.query())).toList();
    assertThat(queries).hasSize(3);
    assertThat(queries.get(0))
        .contains("start=0&max_results=25")
        .contains("search_query=ti:\"deep learning\" AND cat:cs.SE");
    assertThat(queries.get(1)).contains("start=10&max_results=15");
    assertThat(queries.get(2)).contains("start=20&max_results=5");
    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
  }

  @Test
  void rateLimitOnlyWaitsForWhatIsLeftOfTheInterval() {
    client.search("a", 1);
    time.advance(Duration.ofSeconds(2));
    client.search("b", 1);
    time.advance(Duration.ofSeconds(10));
    client.search("c", 1);
    client.search("a", 1); // cached: no request, no wait

    assertThat(time.sleeps()).containsExactly(Duration.ofSeconds(1));
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void idListWithAMissingIdReturnsOnlyTheExistingPaper() {
    server.route("GET", "/api/query", Response.fixture(200, "arxiv_query_id_list.atom.xml"));

    var answer = client.byIds(List.of(PaperId.parse("0808.05394"), PaperId.parse("1707.08567")));

    assertThat(answer.value()).extracting(Paper::arxivId).containsExactly("1707.08567v1");
    assertThat(decoded(server.lastRequest().query())).contains("id_list=0808.05394,1707.08567");
  }

  @Test
  void versionedAndOldStyleIdsAreSentAsGiven() {
    server.route(
        "GET", "/api/query", Response.fixture(200, "arxiv_query_single_versioned.atom.xml"));

    Paper paper = client.paper(PaperId.parse("https://arxiv.org/abs/2104.12255v1")).value();
    assertThat(paper.title()).isEqualTo("0");
    assertThat(paper.arxivId()).isEqualTo("2104.12255v1");
    assertThat(decoded(server.lastRequest().query())).contains("id_list=2104.12255v1");

    client.paper(PaperId.parse("astro-ph/0601001"));
    assertThat(decoded(server.lastRequest().query())).contains("id_list=astro-ph/0601001");
  }

  @Test
  void emptySearchIsAnEmptyList() {
    server.route("GET", "/api/query", Response.fixture(200, "arxiv_query_empty.atom.xml"));

    assertThat(client.search("ti:qqqzzzxxx", 10).value()).isEmpty();
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aSpuriouslyEmptyPageIsAskedForAgain() {
    String emptyButMore =
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xmlns:opensearch=\"http://a9.com/-/spec/opensearch/1.1/\">"
            + "<opensearch:totalResults>214881</opensearch:totalResults><opensearch:startIndex>0</opensearch:startIndex></feed>";
    server.enqueue(Response.text(200, "application/atom+xml", emptyButMore));

    assertThat(client.search("all:testing", 10).value()).hasSize(10);
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void throttledQueryWaitsAsToldThenSucceeds() {
    server.enqueue(
        Response.text(429, "text/plain", "Rate exceeded.").withHeader("Retry-After", "5"));

    assertThat(client.search("all:testing", 10).value()).hasSize(10);
    assertThat(time.sleeps())
        .as("the Retry-After, then what is left of the 3 s interval (none)")
        .containsExactly(Duration.ofSeconds(5));
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void unknownIdIsNotFound() {
    server.route("GET", "/api/query", Response.fixture(200, "arxiv_query_empty.atom.xml"));

    assertThatThrownBy(() -> client.paper(PaperId.parse("0000.0000")))
        .isInstanceOfSatisfying(
            ResearchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND));
  }

  @Test
  void malformedIdRejectedByArxivExplainsWhy() {
    server.route(
        "GET", "/api/query", Response.file(400, resource("arxiv/arxiv_query_error_400.atom.xml")));

    assertThatThrownBy(() -> client.byIds(List.of(new PaperId(PaperId.Kind.ARXIV, "abc"))))
        .isInstanceOfSatisfying(
            ResearchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST))
        .hasMessageContaining("incorrect id format for abc");
  }

  @Test
  void readsTheHtmlRenderingIntoSectionsAndReferences() {
    server.route("GET", "/html/1706.03762", Response.fixture(200, "arxiv_html_paper.html"));

    var answer = client.read(PaperId.parse("1706.03762"));
    PaperDocument doc = answer.value();

    assertThat(doc.format()).isEqualTo("html");
    assertThat(doc.title()).isEqualTo("Attention Is All You Need");
    assertThat(doc.abstractText()).startsWith("The dominant sequence transduction models");
    assertThat(doc.sections())
        .extracting(Section::heading)
        .containsExactly(
            "1 Introduction",
            "3 Model Architecture",
            "3.1 Encoder and Decoder Stacks",
            "6 Results");
    assertThat(doc.sections().get(2).text()).contains("a stack of N=6 identical layers");
    assertThat(doc.sections().get(1).text()).doesNotContain("identical layers");
    assertThat(doc.references())
        .hasSize(2)
        .anySatisfy(r -> assertThat(r).contains("Long short-term memory"));
  }

  @Test
  void paperWithoutHtmlFallsBackToThePdf() {
    server.route("GET", "/html/2104.12255v1", Response.json(404, "{}"));
    server.route(
        "GET",
        "/pdf/2104.12255v1",
        new Response(
            200,
            Map.of("Content-Type", "application/pdf"),
            TestPdfs.paper("Zero in Cryptography")));

    PaperDocument doc = client.read(PaperId.parse("2104.12255v1")).value();

    assertThat(doc.format()).isEqualTo("pdf");
    assertThat(doc.notes().get(0)).contains("no HTML");
    assertThat(doc.abstractText()).contains("GSM8K");
    assertThat(doc.sections())
        .extracting(Section::heading)
        .containsExactly("Front matter", "1 Introduction", "2 Method", "3 Results");
    assertThat(doc.sections().get(0).text()).isEqualTo("Zero in Cryptography");
    assertThat(doc.references()).singleElement().asString().contains("Training verifiers");
    assertThat(server.requests())
        .extracting(FixtureServer.Request::path)
        .containsExactly("/html/2104.12255v1", "/pdf/2104.12255v1");
  }

  @Test
  void paperWithNeitherHtmlNorPdfIsNotFound() {
    server
        .route("GET", "/html/2401.99999", Response.json(404, "{}"))
        .route("GET", "/pdf/2401.99999", Response.json(404, "{}"));

    assertThatThrownBy(() -> client.read(PaperId.parse("2401.99999")))
        .isInstanceOfSatisfying(
            ResearchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_FOUND))
        .hasMessageContaining("neither HTML nor PDF");
  }

  @Test
  void serverErrorsAreRetriedThenReportedAsUnavailable() {
    server.route("GET", "/html/1706.03762", Response.json(503, "{}"));

    assertThatThrownBy(() -> client.read(PaperId.parse("1706.03762")))
        .isInstanceOfSatisfying(
            ResearchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE))
        .hasMessageContaining("HTTP 503 after 4 tries");
    assertThat(server.requests()).hasSize(4);
  }

  @Test
  void staleCacheAnswersWhenArxivIsDown() {
    server.route("GET", "/html/1706.03762", Response.fixture(200, "arxiv_html_paper.html"));
    client.read(PaperId.parse("1706.03762"));
    time.advance(Duration.ofDays(60));
    server.route("GET", "/html/1706.03762", Response.reset());

    var answer = client.read(PaperId.parse("1706.03762"));

    assertThat(answer.origin()).isEqualTo(Origin.STALE_CACHE);
    assertThat(answer.value().title()).isEqualTo("Attention Is All You Need");
  }

  static Path resource(String name) {
    try {
      return Path.of(ArxivClientTest.class.getClassLoader().getResource(name).toURI());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static String decoded(String query) {
    return URLDecoder.decode(query, StandardCharsets.UTF_8);
  }
}
