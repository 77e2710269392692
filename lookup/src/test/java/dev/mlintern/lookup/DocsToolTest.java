package dev.mlintern.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.lookup.docs.DocsInput;
import dev.mlintern.testkit.FixtureServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocsToolTest {
  @TempDir Path home;
  final FixtureServer server = new FixtureServer();

  DocsToolTest() {
    for (String page : new String[] {"index", "sft_trainer", "dpo_trainer"}) {
      server.route("GET", "/docs/trl/" + page, LookupFixture.wire("hf_docs_trl_" + page + ".html"));
    }
    // installation is in the navigation but the server has lost it: indexing skips it
    server.route(
        "GET",
        "/docs/trl/installation",
        FixtureServer.Response.json(404, "{\"error\":\"Not Found\"}"));
  }

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void pagesComeFromTheLibrarysNavigationWithoutVersionPrefixes() {
    ToolResult result =
        LookupFixture.against(home, server).call("docs", new DocsInput.Pages("trl"));

    assertThat(server.lastRequest().path()).isEqualTo("/docs/trl/index");
    assertThat(result.content())
        .startsWith("4 pages in the trl docs.")
        .contains("index — TRL documentation\n")
        .contains("installation — Installation\n")
        .contains("sft_trainer — SFT\n")
        .contains("dpo_trainer — DPO\n");
  }

  @Test
  void readGivesThePageAsMarkdown() {
    ToolResult result =
        LookupFixture.against(home, server)
            .call("docs", new DocsInput.Read("trl", "sft_trainer", null));

    assertThat(result.untrusted()).isTrue();
    assertThat(result.content())
        .startsWith(server.baseUrl() + "/docs/trl/sft_trainer (live, characters 0–")
        .contains("# Supervised Fine-tuning Trainer")
        .contains("## Expected dataset type and format")
        .contains("{\"messages\": [{\"role\": \"user\"")
        .contains("Enable it with `SFTConfig(packing=True)`")
        .doesNotContain("Hugging Face ©")
        .doesNotContain("DPO Trainer");
  }

  @Test
  void searchIndexesTheLibraryOnceAndThenWorksOffline() {
    String base = server.baseUrl();
    ToolResult live =
        LookupFixture.against(home, server)
            .call("docs", new DocsInput.Search("chosen rejected preference", "trl", 3));
    int requests = server.requests().size();
    server.close();
    LookupFixture offline = new LookupFixture(home, Map.of("HF_ENDPOINT", base));
    ToolResult later = offline.call("docs", new DocsInput.Search("packing padding", null, 3));
    ToolResult page = offline.call("docs", new DocsInput.Read("trl", "sft_trainer", null));

    // the index page once (reading it again is a cache hit), then the three other pages
    assertThat(requests).isEqualTo(4);
    assertThat(live.content()).contains("- trl dpo_trainer § Expected dataset type");
    assertThat(later.content())
        .contains("(from the local docs index)")
        .contains("- trl sft_trainer § Packing");
    assertThat(page.content()).contains("## Packing");
  }

  @Test
  void unknownLibrariesAndPathsAreRefusedWithWhatToDo() {
    LookupFixture lookup = LookupFixture.against(home, server);

    assertThatThrownBy(() -> lookup.call("docs", new DocsInput.Pages("Not a lib")))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("use transformers, trl, peft, datasets, hub, accelerate");
    assertThatThrownBy(
            () -> lookup.call("docs", new DocsInput.Read("trl", "../../etc/passwd", null)))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("is not a docs page path");
  }

  @Test
  void mlinternsOwnGuidesAreReadOfflineAndAreNotUntrusted() {
    String base = server.baseUrl();
    server.close();
    LookupFixture lookup = new LookupFixture(home, Map.of("HF_ENDPOINT", base));

    ToolResult pages = lookup.call("docs", new DocsInput.Pages("mlintern"));
    ToolResult hardware = lookup.call("docs", new DocsInput.Read("mlintern", "hardware", null));

    assertThat(pages.content())
        .contains("workflow — The research workflow")
        .contains("post-training — Post-training an LLM: formats and starting points")
        .contains("hardware — Sizing hardware and jobs");
    assertThat(hardware.untrusted()).isFalse();
    assertThat(hardware.content()).contains("## The OOM ladder (keeps the task's scope)");
    assertThatThrownBy(() -> lookup.call("docs", new DocsInput.Read("mlintern", "nope", null)))
        .hasMessage(
            "mlintern has no guide 'nope'; its pages are workflow, post-training, hardware");
  }

  @Test
  void searchingBeforeAnythingIsIndexedSaysHow() {
    LookupFixture lookup = LookupFixture.against(home, server);

    assertThatThrownBy(() -> lookup.call("docs", new DocsInput.Search("packing", null, null)))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("search with a library");
  }
}
