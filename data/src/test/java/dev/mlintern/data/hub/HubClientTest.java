package dev.mlintern.data.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.data.DataException;
import dev.mlintern.data.DataException.Kind;
import dev.mlintern.data.hub.HubRecords.CommitFile;
import dev.mlintern.data.hub.HubRecords.SearchQuery;
import dev.mlintern.testkit.FakeHubRepos;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HubClientTest {
  private final FixtureServer server = new FixtureServer();
  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final HubClient hub =
      new HubClient(
          HubClient.defaultHttpClient(), server.baseUrl(), Optional.of("hf_testtoken123"), sleeper);

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void searchSendsFiltersAndFollowsTheNextLink() {
    server.route(
        "GET",
        "/api/datasets",
        r -> r.query() == null || !r.query().contains("cursor"),
        r ->
            Response.fixture(200, "hf_datasets_search.json")
                .withHeader(
                    "Link",
                    "<"
                        + server.baseUrl()
                        + "/api/datasets?search=glue&cursor=abc>; rel=\"next\""));
    server.route(
        "GET",
        "/api/datasets",
        r -> r.query() != null && r.query().contains("cursor"),
        r -> Response.fixture(200, "hf_datasets_by_arxiv.json"));

    var page =
        hub.search(
            RepoKind.DATASET,
            new SearchQuery(
                "glue", "nyu-mll", List.of("arxiv:1804.07461", "language:en"), "downloads", 5));

    assertThat(page.items()).extracting(n -> n.path("id").asText()).contains("nyu-mll/glue");
    assertThat(server.lastRequest().query())
        .contains(
            "search=glue",
            "author=nyu-mll",
            "filter=arxiv%3A1804.07461",
            "filter=language%3Aen",
            "sort=downloads",
            "direction=-1",
            "limit=5");
    assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer hf_testtoken123");
    var next = hub.next(page).orElseThrow();
    assertThat(next.items()).isNotEmpty();
    assertThat(next.next()).isEmpty();
    assertThat(hub.next(next)).isEmpty();
  }

  @Test
  void infoCardAndTreeReadTheFixtures() {
    server.route(
        "GET", "/api/datasets/stanfordnlp/imdb", Response.fixture(200, "hf_dataset_info.json"));
    server.route(
        "GET",
        "/datasets/stanfordnlp/imdb/raw/main/README.md",
        Response.fixture(200, "hf_dataset_card_README.md"));
    server.route(
        "GET",
        "/api/datasets/stanfordnlp/imdb/tree/main/data",
        Response.fixture(200, "hf_tree_dataset_data_dir.json"));

    assertThat(hub.info(RepoKind.DATASET, "stanfordnlp/imdb", null).path("id").asText())
        .isNotBlank();
    var card = hub.card(RepoKind.DATASET, "stanfordnlp/imdb", null);
    assertThat(card.metadata()).isNotBlank();
    assertThat(card.body()).doesNotStartWith("---");
    var tree = hub.tree(RepoKind.DATASET, "stanfordnlp/imdb", "main", "data", false);
    assertThat(tree).hasSize(2);
    assertThat(tree.get(0).sha256())
        .contains("d626b3aa6c1a1b7ee3a6bfbbd0f8a9c0f1e2d3c4b5a697887766554433221100");
  }

  @Test
  void whoamiIsCachedAndNeedsAToken() {
    server.route("GET", "/api/whoami-v2", Response.fixture(200, "hf_whoami.json"));
    assertThat(hub.whoami().path("name").asText()).isEqualTo("lhoestq");
    hub.whoami();
    assertThat(server.requests()).hasSize(1);
    var anonymous =
        new HubClient(HubClient.defaultHttpClient(), server.baseUrl(), Optional.empty(), sleeper);
    assertThatThrownBy(anonymous::whoami)
        .isInstanceOf(DataException.class)
        .hasMessageContaining("HF_TOKEN");
  }

  @Test
  void errorKindsAreMappedFromStatusAndErrorCode() {
    server.route(
        "GET",
        "/api/datasets/a/missing",
        Response.fixture(404, "hf_error_404_repo_not_found.json")
            .withHeader("X-Error-Code", "RepoNotFound")
            .withHeader("X-Error-Message", "Repository not found"));
    server.route("GET", "/api/whoami-v2", Response.fixture(401, "hf_error_401_whoami.json"));
    server.route(
        "GET",
        "/api/models/meta-llama/gated",
        Response.json(401, "{}")
            .withHeader("X-Error-Code", "GatedRepo")
            .withHeader(
                "X-Error-Message", "Access to model meta-llama/Llama-3.1-8B is restricted."));
    server.route(
        "GET", "/api/models/meta-llama/forbidden", Response.json(403, "{\"error\":\"no access\"}"));
    server.route(
        "GET",
        "/api/datasets/a/private",
        Response.json(401, "{\"error\":\"Invalid username or password.\"}"));

    assertKind(() -> hub.info(RepoKind.DATASET, "a/missing", null), Kind.NOT_FOUND, "RepoNotFound");
    assertKind(hub::whoami, Kind.UNAUTHORIZED, "HF_TOKEN is invalid");
    assertKind(
        () -> hub.info(RepoKind.MODEL, "meta-llama/gated", null), Kind.GATED, "request access");
    assertKind(
        () -> hub.info(RepoKind.MODEL, "meta-llama/forbidden", null), Kind.GATED, "no access");
    assertKind(
        () -> hub.info(RepoKind.DATASET, "a/private", null), Kind.NOT_FOUND, "private or gated");
    assertKind(
        () -> hub.info(RepoKind.DATASET, "not a repo", null), Kind.BAD_REQUEST, "owner/name");
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void rateLimitHonoursRetryAfterThenSucceeds() {
    server.route("GET", "/api/models/gpt2/x", Response.fixture(200, "hf_model_info.json"));
    server.enqueue(
        Response.json(429, "{}")
            .withHeader("Retry-After", "55")
            .withHeader("RateLimit", "\"api\";r=0;t=55"));
    server.enqueue(Response.json(429, "{}").withHeader("RateLimit", "\"api\";r=0;t=7"));

    assertThat(hub.info(RepoKind.MODEL, "gpt2/x", null).isObject()).isTrue();
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(55), Duration.ofSeconds(8));
  }

  @Test
  void persistentFailuresGiveUpAfterFourAttempts() {
    server.route(
        "GET", "/api/models/a/limited", Response.json(429, "{}").withHeader("Retry-After", "1"));
    server.route("GET", "/api/models/a/down", Response.text(503, "text/plain", "upstream down"));
    assertKind(
        () -> hub.info(RepoKind.MODEL, "a/limited", null), Kind.RATE_LIMITED, "rate-limited");
    assertThat(sleeper.waits).hasSize(3);
    sleeper.waits.clear();
    assertKind(() -> hub.info(RepoKind.MODEL, "a/down", null), Kind.SERVER, "upstream down");
    assertThat(sleeper.waits)
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void transientServerErrorsAndResetsAreRetried() {
    server.route("GET", "/api/models/a/b", Response.fixture(200, "hf_model_info.json"));
    server.enqueue(Response.reset());
    server.enqueue(Response.text(500, "text/plain", "Internal Server Error"));
    assertThat(hub.info(RepoKind.MODEL, "a/b", null).isObject()).isTrue();
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void createRepoTreatsConflictAsExisting() {
    server.route("POST", "/api/repos/create", Response.fixture(409, "hf_repo_create_409.json"));
    assertThat(hub.createRepo(RepoKind.DATASET, "lhoestq/prepared", true))
        .endsWith("/datasets/lhoestq/prepared");
    assertThat(server.lastRequest().body())
        .contains("\"organization\":\"lhoestq\"", "\"type\":\"dataset\"", "\"private\":true");
    server.route("POST", "/api/repos/create", Response.fixture(200, "hf_repo_create.json"));
    assertThat(hub.createRepo(RepoKind.MODEL, "lhoestq/qwen2.5-0.5b-capybara-sft", false))
        .contains("huggingface.co");
  }

  @Test
  void commitPreuploadsThenSendsNdjsonWithInlineBase64() {
    server.route(
        "POST",
        "/api/datasets/me/data/preupload/main",
        Response.json(
            200,
            "{\"files\":[{\"path\":\"README.md\",\"uploadMode\":\"regular\",\"shouldIgnore\":false},"
                + "{\"path\":\"train.jsonl\",\"uploadMode\":\"regular\",\"shouldIgnore\":false}]}"));
    server.route(
        "POST", "/api/datasets/me/data/commit/main", Response.fixture(200, "hf_commit.json"));

    var result =
        hub.commit(
            RepoKind.DATASET,
            "me/data",
            null,
            "Add prepared data",
            List.of(
                new CommitFile("README.md", "# card\n".getBytes(StandardCharsets.UTF_8)),
                new CommitFile(
                    "train.jsonl", "{\"text\":\"a\"}\n".getBytes(StandardCharsets.UTF_8))));

    assertThat(result.commitOid()).isEqualTo("4f2a9b1c7d3e5f60718293a4b5c6d7e8f90a1b2c");
    var preupload = server.requests().get(0);
    assertThat(preupload.body())
        .contains("\"path\":\"README.md\"", "\"size\":7", "\"sample\":\"" + b64("# card\n") + "\"");
    var commit = server.lastRequest();
    assertThat(commit.header("Content-Type")).isEqualTo("application/x-ndjson");
    var lines = commit.body().strip().split("\n");
    assertThat(lines).hasSize(3);
    assertThat(lines[0]).contains("\"key\":\"header\"", "\"summary\":\"Add prepared data\"");
    assertThat(lines[1])
        .contains(
            "\"key\":\"file\"",
            "\"path\":\"README.md\"",
            "\"content\":\"" + b64("# card\n") + "\"",
            "\"encoding\":\"base64\"");
  }

  @Test
  void commitPutsLfsFilesInLfsStorageAndNamesThemBySha256() {
    try (FakeHubRepos repos = new FakeHubRepos(server, "me", "hf_testtoken123")) {
      hub.createRepo(RepoKind.MODEL, "me/m", true);
      byte[] weights = new byte[(int) HubClient.INLINE_LIMIT + 1];
      weights[7] = 42;

      hub.commit(
          RepoKind.MODEL,
          "me/m",
          null,
          "s",
          List.of(
              new CommitFile("README.md", "# card\n".getBytes(StandardCharsets.UTF_8)),
              new CommitFile("model.safetensors", weights)));

      assertThat(repos.file("me/m", "model.safetensors")).hasValue(weights);
      assertThat(repos.inLfs("me/m", "model.safetensors")).isTrue();
      assertThat(repos.inLfs("me/m", "README.md")).isFalse();
      assertThat(server.lastRequest().body())
          .contains("\"key\":\"lfsFile\"", "\"algo\":\"sha256\"")
          .doesNotContain(Base64.getEncoder().encodeToString(weights).substring(0, 64));
    }
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static void assertKind(Runnable call, Kind kind, String messagePart) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            DataException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.getMessage()).contains(messagePart).doesNotContain("hf_testtoken123");
            });
  }
}
