package dev.mlintern.data.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.config.Settings;
import dev.mlintern.testkit.CommandRun;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubCommandTest {
  private final FixtureServer server = new FixtureServer();
  @TempDir Path home;

  @AfterEach
  void close() {
    server.close();
  }

  private HubCommand hub() {
    return new HubCommand(Settings.of(home, Map.of("HF_ENDPOINT", server.baseUrl())));
  }

  @Test
  void searchPrintsOneLinePerRepo() {
    server.route("GET", "/api/models", Response.fixture(200, "hf_models_search.json"));
    CommandRun r =
        CommandRun.run(hub(), "search", "qwen", "--models", "--sort", "downloads", "--limit", "3");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines())
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).contains("\tdownloads=", "\tlikes="));
    assertThat(server.lastRequest().query()).contains("search=qwen", "sort=downloads", "limit=3");
  }

  @Test
  void infoPrintsASummaryOrJson() {
    server.route(
        "GET", "/api/datasets/stanfordnlp/imdb", Response.fixture(200, "hf_dataset_info.json"));
    CommandRun r = CommandRun.run(hub(), "info", "stanfordnlp/imdb");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("downloads", "files (");
    assertThat(CommandRun.run(hub(), "info", "stanfordnlp/imdb", "--json").out()).startsWith("{");
  }

  @Test
  void hubErrorsAreOneLineAndExitOne() {
    server.route(
        "GET",
        "/api/datasets/a/missing",
        Response.fixture(404, "hf_error_404_repo_not_found.json")
            .withHeader("X-Error-Code", "RepoNotFound"));
    CommandRun r = CommandRun.run(hub(), "info", "a/missing");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .startsWith("mlintern hub info: Hub: dataset a/missing was not found")
        .doesNotContain("\tat ");
    assertThat(CommandRun.run(hub()).exit()).isEqualTo(2);
  }
}
