package dev.mlintern.research.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.research.FakeTime;
import dev.mlintern.research.Research;
import dev.mlintern.research.TestResearch;
import dev.mlintern.research.http.Origin;
import dev.mlintern.research.paper.PaperId;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CitationCrawlerTest {
  static final String GOAL = "grade school math word problem dataset for fine-tuning small models";
  static final List<String> MATH =
      List.of(
          "Training verifiers to solve math word problems",
          "MetaMath: bootstrap your own mathematical questions for large language models",
          "MathQA: towards interpretable math word problem solving",
          "Orca-Math: unlocking the potential of small language models in grade school math");
  static final List<String> OFF_TOPIC =
      List.of(
          "Attention is all you need",
          "A survey of protein folding with deep networks",
          "Neural machine translation by jointly learning to align and translate");

  @TempDir Path home;
  FixtureServer server;
  FakeTime time;

  @BeforeEach
  void setUp() {
    server = CrawlFixture.server();
    time = new FakeTime();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  CrawlResult crawl(Research research) {
    return research
        .crawler()
        .crawl(List.of(PaperId.parse("2001.00001")), CitationCrawler.Options.defaults(GOAL));
  }

  @Test
  void twoHopsRankRelevantInfluentialRecentPapersFirstAndDeduplicate() {
    CrawlResult result = crawl(TestResearch.create(home, server, time));

    List<String> titles = result.papers().stream().map(r -> r.paper().title()).toList();
    assertThat(result.seen()).isEqualTo(8);
    assertThat(titles)
        .hasSize(8)
        .doesNotHaveDuplicates()
        .doesNotContain("A benchmark suite for math reasoning in small language models");
    assertThat(titles.subList(0, 4))
        .as("on-topic papers first: the most relevant and recent, then the influential")
        .containsExactly(MATH.get(3), MATH.get(0), MATH.get(1), MATH.get(2));
    assertThat(titles.subList(4, 8)).containsAll(OFF_TOPIC);
    assertThat(titles.get(7))
        .as("irrelevant, little cited and old: last")
        .isEqualTo(OFF_TOPIC.get(1));
    RankedPaper gsm8k =
        result.papers().stream()
            .filter(r -> r.paper().title().startsWith("Training verifiers"))
            .findFirst()
            .orElseThrow();
    assertThat(gsm8k.hop()).isEqualTo(1);
    assertThat(gsm8k.influentialLink()).isTrue();
    assertThat(gsm8k.intents()).contains("methodology");
    assertThat(gsm8k.paper().doi()).isEqualTo("10.48550/arXiv.2110.14168");
    RankedPaper orca =
        result.papers().stream()
            .filter(r -> r.paper().title().startsWith("Orca-Math"))
            .findFirst()
            .orElseThrow();
    assertThat(orca.hop()).isEqualTo(2);
    assertThat(orca.via()).isEqualTo("arxiv:2309.12284");
    assertThat(result.notes()).isEmpty();
  }

  @Test
  void rankingFollowsTheGoal() {
    Research research = TestResearch.create(home, server, time);
    CrawlResult result =
        research
            .crawler()
            .crawl(
                List.of(PaperId.parse("2001.00001")),
                new CitationCrawler.Options("attention for machine translation", 2, 3, 50, 8));

    assertThat(result.papers()).hasSize(3);
    assertThat(result.papers().subList(0, 2))
        .extracting(r -> r.paper().title())
        .containsExactlyInAnyOrder(
            "Attention is all you need",
            "Neural machine translation by jointly learning to align and translate");
  }

  @Test
  void oneHopStaysAtTheSeedsNeighbours() {
    CrawlResult result =
        TestResearch.create(home, server, time)
            .crawler()
            .crawl(
                List.of(PaperId.parse("2001.00001")),
                new CitationCrawler.Options(GOAL, 1, 30, 50, 8));

    assertThat(result.papers()).extracting(RankedPaper::hop).containsOnly(1);
    assertThat(result.seen()).isEqualTo(4);
  }

  @Test
  void anInterruptedCrawlIsPartialThenResumesFromTheCache() {
    String aCitations = "/graph/v1/paper/000000000000000000000000000000000000000a/citations";
    AtomicBoolean failing = new AtomicBoolean(true);
    server.route(
        "GET",
        aCitations,
        r -> failing.get(),
        r -> Response.json(500, "{\"message\":\"Internal Server Error\"}"));

    CrawlResult partial = crawl(TestResearch.create(home, server, time));
    assertThat(partial.notes())
        .singleElement()
        .asString()
        .contains("hop 2")
        .contains("run the crawl again");
    assertThat(partial.papers())
        .extracting(r -> r.paper().title())
        .contains(MATH.get(0), MATH.get(1));

    failing.set(false);
    int before = server.requests().size();
    List<String> answeredBefore =
        server.requests().stream()
            .map(FixtureServer.Request::path)
            .filter(p -> !p.equals(aCitations))
            .toList();
    CrawlResult resumed = crawl(TestResearch.create(home, server, time));

    assertThat(resumed.notes()).isEmpty();
    assertThat(resumed.seen()).isEqualTo(8);
    List<String> resumedPaths =
        server.requests().subList(before, server.requests().size()).stream()
            .map(FixtureServer.Request::path)
            .toList();
    assertThat(resumedPaths)
        .as("the crawl resumes at the request that failed")
        .startsWith(aCitations);
    assertThat(resumedPaths)
        .as("nothing answered before is asked again")
        .doesNotContainAnyElementsOf(answeredBefore);
    assertThat(resumed.papers()).isEqualTo(crawl(TestResearch.create(home, server, time)).papers());
  }

  @Test
  void offlineCrawlAnswersFromTheCacheAndSaysSo() {
    CrawlResult online = crawl(TestResearch.create(home, server, time));
    Research offline =
        TestResearch.create(
            TestResearch.settings(home, server, Map.of("MLINTERN_OFFLINE", "true")), time);
    int before = server.requests().size();

    CrawlResult cached = crawl(offline);

    assertThat(server.requests()).hasSize(before);
    assertThat(cached.origin()).isEqualTo(Origin.CACHE);
    assertThat(cached.papers()).isEqualTo(online.papers());
    assertThat(online.origin()).isEqualTo(Origin.NETWORK);
  }
}
