package dev.mlintern.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.core.tool.UntrustedText;
import dev.mlintern.lookup.web.WebFetchTool;
import dev.mlintern.lookup.web.WebSearchTool;
import dev.mlintern.testkit.FixtureServer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebToolsTest {
  @TempDir Path home;
  final FixtureServer server =
      new FixtureServer()
          .route("GET", "/search", LookupFixture.wire("searxng_search.json"))
          .route("GET", "/docs/trl/sft_trainer", LookupFixture.wire("hf_docs_trl_sft_trainer.html"))
          .route(
              "GET",
              "/notes.txt",
              FixtureServer.Response.text(200, "text/plain", "x".repeat(30_000)))
          .route(
              "GET",
              "/model.bin",
              FixtureServer.Response.text(200, "application/octet-stream", "\0\1\2"));

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void searchSendsTheSearxngQueryAndWrapsSnippetsAsUntrusted() {
    LookupFixture lookup = LookupFixture.against(home, server);

    ToolResult result =
        lookup.call("web_search", new WebSearchTool.Input("trl sft trainer packing", 2));

    assertThat(server.lastRequest().path()).isEqualTo("/search");
    assertThat(server.lastRequest().query()).isEqualTo("q=trl+sft+trainer+packing&format=json");
    assertThat(result.untrusted()).isTrue();
    assertThat(result.content())
        .startsWith("2 web results for \"trl sft trainer packing\" (live)")
        .contains(UntrustedText.WARNING)
        .contains("1. Supervised Fine-tuning Trainer - Hugging Face")
        .contains("https://github.com/huggingface/trl/blob/main/trl/scripts/sft.py")
        .contains("Suggested searches: trl sfttrainer dataset format; trl packing flash attention")
        .doesNotContain("discuss.huggingface.co");
  }

  @Test
  void injectedTextStaysInsideTheEnvelope() {
    ToolResult result =
        LookupFixture.against(home, server)
            .call("web_search", new WebSearchTool.Input("packing", null));

    String content = result.content();
    int open = content.indexOf("<untrusted source=");
    assertThat(content.indexOf("Ignore all previous instructions")).isGreaterThan(open);
    assertThat(content).endsWith("</untrusted>");
  }

  @Test
  void aRepeatedSearchIsServedFromTheDiskCache() {
    LookupFixture lookup = LookupFixture.against(home, server);
    lookup.call("web_search", new WebSearchTool.Input("packing", null));

    ToolResult again = lookup.call("web_search", new WebSearchTool.Input("packing", null));

    assertThat(server.requests()).hasSize(1);
    assertThat(again.content()).contains("(from cache)");
  }

  @Test
  void searchesToOneServiceAreSpacedByTheRateLimiter() {
    LookupFixture lookup = LookupFixture.against(home, server);
    lookup.call("web_search", new WebSearchTool.Input("first", null));
    lookup.call("web_search", new WebSearchTool.Input("second", null));

    assertThat(lookup.sleeps).hasSize(1);
    assertThat(lookup.sleeps.get(0)).isPositive();
  }

  @Test
  void withoutASearchEndpointTheModelIsToldWhatToSet() {
    LookupFixture lookup = new LookupFixture(home, Map.of());

    assertThatThrownBy(() -> lookup.call("web_search", new WebSearchTool.Input("lora", null)))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("MLINTERN_SEARCH_URL is not set");
  }

  @Test
  void offlineTheErrorIsOneClearLine() {
    String base = server.baseUrl();
    server.close();
    LookupFixture lookup =
        new LookupFixture(home, Map.of("MLINTERN_SEARCH_URL", base, "HF_ENDPOINT", base));

    assertThatThrownBy(() -> lookup.call("web_search", new WebSearchTool.Input("lora", null)))
        .isInstanceOf(ToolException.class)
        .hasMessageStartingWith("web search: nothing answers at " + base)
        .hasMessageNotContaining("\n");
  }

  @Test
  void fetchTurnsAnHtmlPageIntoMarkdownWithoutScriptsOrNavigation() {
    ToolResult result =
        LookupFixture.against(home, server)
            .call(
                "web_fetch",
                new WebFetchTool.Input(server.baseUrl() + "/docs/trl/sft_trainer", null));

    assertThat(result.untrusted()).isTrue();
    assertThat(result.content())
        .startsWith("Supervised Fine-tuning Trainer (live, characters 0–")
        .contains("# Supervised Fine-tuning Trainer")
        .contains("## Packing")
        .contains("```\nfrom trl import SFTConfig, SFTTrainer")
        .contains("| max_length | 1024 |")
        .doesNotContain("window.hubConfig")
        .doesNotContain("Installation")
        .doesNotContain("Copied");
  }

  @Test
  void aLongPageComesInWindowsWithTheOffsetToReadOn() {
    LookupFixture lookup = LookupFixture.against(home, server);

    ToolResult first =
        lookup.call("web_fetch", new WebFetchTool.Input(server.baseUrl() + "/notes.txt", null));
    ToolResult second =
        lookup.call("web_fetch", new WebFetchTool.Input(server.baseUrl() + "/notes.txt", 24_000));

    assertThat(first.content())
        .contains("characters 0–12000 of 30000")
        .contains("[… 18000 more characters; call again with offset=12000]");
    assertThat(second.content()).contains("characters 24000–30000 of 30000").doesNotContain("[…");
  }

  @Test
  void fetchRefusesWhatIsNotAWebAddressOrNotText() {
    LookupFixture lookup = LookupFixture.against(home, server);

    assertThatThrownBy(
            () -> lookup.call("web_fetch", new WebFetchTool.Input("file:///etc/passwd", null)))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("is not an http(s) address");
    assertThatThrownBy(
            () ->
                lookup.call(
                    "web_fetch", new WebFetchTool.Input(server.baseUrl() + "/model.bin", null)))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("application/octet-stream, which web_fetch cannot read");
  }
}
