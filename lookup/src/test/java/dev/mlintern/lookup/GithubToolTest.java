package dev.mlintern.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.lookup.github.GithubInput;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GithubToolTest {
  @TempDir Path home;
  final FixtureServer server =
      new FixtureServer()
          .route(
              "GET",
              "/search/code",
              r -> r.header("Authorization") != null,
              r -> LookupFixture.wire("github_search_code.json"))
          .route(
              "GET",
              "/search/code",
              r -> r.header("Authorization") == null,
              r -> Response.file(401, LookupFixture.WIRE.resolve("github_search_code_401.json")))
          .route(
              "GET", "/search/repositories", LookupFixture.wire("github_search_repositories.json"))
          .route("GET", "/repos/huggingface/trl/git/trees/", LookupFixture.wire("github_tree.json"))
          .route(
              "GET",
              "/repos/huggingface/trl/contents/trl/scripts/sft.py",
              LookupFixture.wire("github_contents_file.json"))
          .route(
              "GET",
              "/repos/huggingface/trl/contents/missing.py",
              Response.json(404, "{\"message\":\"Not Found\",\"status\":\"404\"}"));

  @AfterEach
  void close() {
    server.close();
  }

  LookupFixture withToken() {
    return new LookupFixture(
        home, Map.of("GITHUB_API_URL", server.baseUrl(), "GITHUB_TOKEN", "ghp_test"));
  }

  @Test
  void codeSearchSendsTheQualifiersAndTheToken() {
    ToolResult result =
        withToken()
            .call(
                "github",
                new GithubInput.SearchCode("SFTTrainer", "huggingface/trl", "python", null));

    FixtureServer.Request request = server.lastRequest();
    assertThat(request.query())
        .isEqualTo("q=SFTTrainer+repo%3Ahuggingface%2Ftrl+language%3Apython&per_page=10");
    assertThat(request.header("Authorization")).isEqualTo("Bearer ghp_test");
    assertThat(request.header("Accept")).isEqualTo("application/vnd.github+json");
    assertThat(result.untrusted()).isTrue();
    assertThat(result.content())
        .startsWith("2 files match \"SFTTrainer\"")
        .contains("- huggingface/trl trl/scripts/sft.py")
        .contains("- huggingface/trl examples/scripts/sft_video_llm.py");
  }

  @Test
  void codeSearchWithoutATokenSaysToSetOne() {
    LookupFixture lookup = new LookupFixture(home, Map.of("GITHUB_API_URL", server.baseUrl()));

    assertThatThrownBy(
            () -> lookup.call("github", new GithubInput.SearchCode("SFTTrainer", null, null, 5)))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("Requires authentication")
        .hasMessageContaining("set GITHUB_TOKEN");
  }

  @Test
  void repositorySearchListsStars() {
    ToolResult result =
        withToken().call("github", new GithubInput.SearchRepos("trl reinforcement learning", 5));

    assertThat(result.content())
        .contains(
            "- huggingface/trl (15234 stars): Train transformer language models with"
                + " reinforcement learning.");
  }

  @Test
  void treeListsFilesUnderAFolderAtTheDefaultBranch() {
    ToolResult result =
        withToken().call("github", new GithubInput.Tree("huggingface/trl", "examples", null));

    assertThat(server.lastRequest().path()).isEqualTo("/repos/huggingface/trl/git/trees/HEAD");
    assertThat(server.lastRequest().query()).isEqualTo("recursive=1");
    assertThat(result.content())
        .startsWith("2 files in huggingface/trl under examples (live).")
        .contains("examples/scripts/dpo_vlm.py (5120 B)")
        .contains("examples/scripts/sft_video_llm.py (9211 B)")
        .doesNotContain("trl/scripts/sft.py")
        .doesNotContain("examples/scripts (");
  }

  @Test
  void readDecodesTheFileAtARef() {
    ToolResult result =
        withToken()
            .call(
                "github",
                new GithubInput.Read("huggingface/trl", "trl/scripts/sft.py", "main", null));

    assertThat(server.lastRequest().query()).isEqualTo("ref=main");
    assertThat(result.content())
        .startsWith("huggingface/trl/trl/scripts/sft.py at main (live, characters 0–")
        .contains("#     --packing \\")
        .contains("trainer = SFTTrainer(");
  }

  @Test
  void badRepositoriesAndMissingFilesAreExplained() {
    LookupFixture lookup = withToken();

    assertThatThrownBy(() -> lookup.call("github", new GithubInput.Tree("trl", null, null)))
        .isInstanceOf(ToolException.class)
        .hasMessage("'trl' is not a repository; write it as owner/name");
    assertThatThrownBy(
            () ->
                lookup.call(
                    "github", new GithubInput.Read("huggingface/trl", "missing.py", null, null)))
        .isInstanceOf(ToolException.class)
        .hasMessage("GitHub has no missing.py in huggingface/trl (HTTP 404)");
  }
}
