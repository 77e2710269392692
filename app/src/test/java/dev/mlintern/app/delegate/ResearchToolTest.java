package dev.mlintern.app.delegate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.app.Config;
import dev.mlintern.app.Mlintern;
import dev.mlintern.app.SessionOptions;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.model.ToolSpec;
import dev.mlintern.core.store.SessionInfo;
import dev.mlintern.testkit.FakeAnthropicServer;
import dev.mlintern.testkit.FakeReply;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import dev.mlintern.testkit.ReceivedCall;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The research sub-agent through a real engine: the parent's model asks {@code research}, the child
 * session (same fake provider) searches papers, tries to write and is refused, then answers with
 * the structured summary the parent receives.
 */
class ResearchToolTest {
  private static final String SUMMARY =
      "## Findings\n- In-context classifiers work [arXiv 2602.23229]\n## Recipes\n- lr 2e-5\n"
          + "## Datasets\n- none\n## Sources\n- arXiv 2602.23229\n## Open questions\n- none";

  @TempDir Path home;

  @Test
  void aChildSessionAnswersWithReadingToolsOnlyAndIsLinkedToItsParent() throws Exception {
    try (FakeAnthropicServer model = new FakeAnthropicServer();
        FixtureServer papers =
            new FixtureServer()
                .route(
                    "GET", "/api/papers/search", Response.fixture(200, "hf_papers_search.json"))) {
      model.reply(
          FakeReply.toolCalls(
              FakeReply.call(
                  "research",
                  "{\"question\": \"how well do multimodal models classify in context?\"}")),
          FakeReply.toolCalls(
              FakeReply.call(
                  "papers", "{\"operation\": \"search\", \"query\": \"in-context classifiers\"}")),
          FakeReply.toolCalls(
              FakeReply.call("library", "{\"operation\": \"add\", \"path\": \"notes\"}")),
          FakeReply.text(SUMMARY),
          FakeReply.text("The sub-agent found one paper; planning next."));
      Config config =
          Config.load(
              Map.of(
                  "MLINTERN_HOME", home.toString(),
                  "ANTHROPIC_API_KEY", "sk-ant-test-key-000000",
                  "ANTHROPIC_BASE_URL", model.baseUrl(),
                  "MLINTERN_PAPERS_URL", papers.baseUrl(),
                  "HF_ENDPOINT", papers.baseUrl()),
              Map.of());

      try (Mlintern engine = Mlintern.open(config)) {
        AgentSession parent =
            engine.start(
                "find out how multimodal models classify",
                SessionOptions.defaults().withModel("anthropic:claude-sonnet-4-5"),
                e -> {});
        AgentEvent.TurnComplete done = parent.currentTurn().join();
        parent.close();

        List<ReceivedCall> calls = model.calls();
        ReceivedCall childFirst = calls.get(1);
        assertThat(childFirst.request().system())
            .startsWith("You are mlintern's research sub-agent");
        assertThat(childFirst.request().tools())
            .extracting(ToolSpec::name)
            .containsExactlyInAnyOrder(
                "papers", "library", "docs", "github", "web_search", "web_fetch", "hub", "dataset");
        assertThat(calls.get(3).body().toString())
            .contains("the research sub-agent only reads; this library call would [write]");

        String childId =
            engine.store().sessions().stream()
                .map(SessionInfo::id)
                .filter(id -> !id.equals(parent.id()))
                .findFirst()
                .orElseThrow();
        Event started = engine.store().events(childId).get(0);
        assertThat(started.body())
            .isEqualTo(
                new AgentEvent.SessionStarted(
                    "how well do multimodal models classify in context?",
                    "anthropic:claude-sonnet-4-5",
                    home.resolve("workspaces").resolve(childId).toString(),
                    parent.id()));
        assertThat(engine.store().events(childId))
            .extracting(e -> e.body().type())
            .contains("tool_call", "tool_result", "turn_complete");

        String parentSees = calls.get(4).body().toString();
        assertThat(parentSees)
            .contains("Research sub-agent session " + childId + " (done")
            .contains("## Findings")
            .contains("## Recipes");
        assertThat(done.summary()).isEqualTo("The sub-agent found one paper; planning next.");
      }
    }
  }
}
