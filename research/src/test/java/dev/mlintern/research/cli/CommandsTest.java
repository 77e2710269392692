package dev.mlintern.research.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.command.CommandErrors;
import dev.mlintern.core.config.Settings;
import dev.mlintern.research.FakeTime;
import dev.mlintern.research.TestPdfs;
import dev.mlintern.research.TestResearch;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CommandsTest {
  @TempDir Path home;
  @TempDir Path papers;
  FixtureServer server;
  FakeTime time;
  StringWriter out;
  StringWriter err;

  @BeforeEach
  void setUp() {
    server =
        new FixtureServer()
            .route("GET", "/api/papers/search", Response.fixture(200, "hf_papers_search.json"))
            .route("GET", "/html/1706.03762", Response.fixture(200, "arxiv_html_paper.html"));
    time = new FakeTime();
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  int papers(Map<String, String> extra, String... args) {
    Settings settings = TestResearch.settings(home, server, extra);
    return execute(
        new CommandLine(new PapersCommand(() -> TestResearch.create(settings, time))), args);
  }

  int library(String... args) {
    return execute(new CommandLine(new LibraryCommand(Settings.of(home, Map.of()))), args);
  }

  int execute(CommandLine line, String... args) {
    out = new StringWriter();
    err = new StringWriter();
    line.setOut(new PrintWriter(out));
    line.setErr(new PrintWriter(err));
    line.setExecutionExceptionHandler(new CommandErrors());
    return line.execute(args);
  }

  @Test
  void searchPrintsPapersForPeopleAndJsonForMachines() throws IOException {
    assertThat(papers(Map.of(), "search", "in-context", "classifiers")).isZero();
    assertThat(out.toString())
        .startsWith("1 papers (hf, live)")
        .contains("arxiv:2602.23229 (2026) — Large Multimodal Models");

    assertThat(papers(Map.of(), "search", "in-context", "classifiers", "--json")).isZero();
    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.path("origin").asText()).isEqualTo("cache");
    assertThat(json.path("papers").get(0).path("arxivId").asText()).isEqualTo("2602.23229");
  }

  @Test
  void readShowsContentsThenASectionAndSaysWhenItIsFromCache() {
    assertThat(papers(Map.of(), "read", "1706.03762")).isZero();
    assertThat(out.toString()).startsWith("(live)").contains("[4] 6 Results");

    assertThat(papers(Map.of("MLINTERN_OFFLINE", "true"), "read", "1706.03762", "--section", "4"))
        .isZero();
    assertThat(out.toString()).startsWith("(from cache)").contains("## 6 Results").contains("28.4");
  }

  @Test
  void badIdIsAUsageErrorAndUnreachableOfflineIsAFailure() {
    assertThat(papers(Map.of(), "read", "not-an-id")).isEqualTo(2);
    assertThat(err.toString()).contains("not a paper id");
    assertThat(out.toString()).isEmpty();

    assertThat(papers(Map.of("MLINTERN_OFFLINE", "true"), "read", "2401.00001")).isEqualTo(1);
    assertThat(err.toString()).contains("offline");
  }

  @Test
  void libraryAddSearchAndOfflineFallbackForPaperSearch() throws IOException {
    Files.write(papers.resolve("2110.14168.pdf"), TestPdfs.paper("Training Verifiers"));
    Files.writeString(
        papers.resolve("lora.md"), "# LoRA\n\n## 1 Method\nLow-rank adapters on GLUE.\n");

    assertThat(library("add", papers.toString())).isZero();
    assertThat(out.toString()).contains("indexed 2 new");
    assertThat(library("add", papers.toString(), "--json")).isZero();
    assertThat(out.toString()).contains("\"unchanged\" : 2");

    assertThat(library("search", "low-rank", "adapters")).isZero();
    assertThat(out.toString())
        .startsWith("1 papers (from the local library)")
        .contains("lib:lora-");
    String id = out.toString().replaceAll("(?s).*?(lib:lora-[0-9a-f]+).*", "$1");
    assertThat(library("read", id, "--section", "1")).isZero();
    assertThat(out.toString())
        .startsWith("(from the local library)")
        .contains("## 1 Method")
        .contains("Low-rank adapters");

    assertThat(papers(Map.of("MLINTERN_OFFLINE", "true"), "search", "verifiers")).isZero();
    assertThat(out.toString())
        .startsWith("Results from the local library")
        .contains("lib:2110-14168-");
  }

  @Test
  void crawlPrintsTheRankedList() {
    server
        .route("GET", "/graph/v1/paper/", Response.fixture(200, "s2_paper_title_only.json"))
        .route(
            "GET",
            "/graph/v1/paper/2d5673caa9e6af3a7b82a43f19ee920992db07ad/references",
            Response.fixture(200, "s2_references.json"))
        .route(
            "GET",
            "/graph/v1/paper/2d5673caa9e6af3a7b82a43f19ee920992db07ad/citations",
            Response.fixture(200, "s2_citations.json"));

    assertThat(
            papers(
                Map.of(),
                "crawl",
                "CorpusId:14636783",
                "--hops",
                "1",
                "--goal",
                "microcredit impact"))
        .isZero();

    assertThat(out.toString())
        .contains("10 distinct papers seen")
        .contains("Microcredit in Theory and Practice");
    assertThat(err.toString()).contains("crawling 1 hops");
  }
}
