package dev.mlintern.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.ledger.Ledger;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.compute.ledger.RunRecord;
import dev.mlintern.core.AgentConfig;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.testkit.FakeAnthropicServer;
import dev.mlintern.testkit.FakeReply;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first case study of the system we follow, scaled to this machine and scripted: find the
 * benchmark's paper, crawl its citations, find candidate datasets, look up the SFT docs, inspect a
 * dataset, delegate a literature question to {@code research}, keep a fact, write a training plan.
 * Every call is answered by local fakes; the transcript of each tool's real output is written to
 * {@code target/case-study/transcript.md}. A forced compaction then keeps the budget line, the
 * plan, the ledger's runs and the kept fact.
 */
class CaseStudyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SFT_PAGE =
      "<html><body><nav><a href=\"/docs/trl/main/en/sft_trainer\">SFT</a></nav>"
          + "<div class=\"prose-doc\"><h1>Supervised Fine-tuning Trainer</h1>"
          + "<h2>Expected dataset type and format</h2><p>SFT supports <code>messages</code> and"
          + " <code>prompt</code>/<code>completion</code> datasets.</p>"
          + "<h2>Packing</h2><p>Enable it with <code>SFTConfig(packing=True)</code>.</p></div></body></html>";

  @TempDir Path home;

  private static FakeReply call(String tool, String arguments) {
    return FakeReply.toolCalls(FakeReply.call(tool, arguments));
  }

  @Test
  void theScriptedCaseStudyRunsOnFakesAndItsStateSurvivesACompaction() throws Exception {
    seedLedger();
    try (FakeAnthropicServer model = new FakeAnthropicServer();
        FixtureServer hub = hubFake();
        FixtureServer s2 = s2Fake()) {
      model.reply(
          call(
              "plan",
              "{\"items\": [{\"content\": \"find the benchmark paper and recipes\", \"status\":"
                  + " \"in_progress\"}, {\"content\": \"write the training plan\", \"status\":"
                  + " \"pending\"}]}"),
          call("papers", "{\"operation\": \"search\", \"query\": \"grade school math benchmark\"}"),
          call(
              "papers",
              "{\"operation\": \"crawl\", \"seeds\": [\"2602.23229\"], \"goal\": \"math"
                  + " reasoning fine-tuning\", \"hops\": 1, \"maxPapers\": 5}"),
          call("papers", "{\"operation\": \"find_datasets\", \"id\": \"2602.23229\"}"),
          call(
              "docs", "{\"operation\": \"read\", \"library\": \"trl\", \"page\": \"sft_trainer\"}"),
          call("hub", "{\"operation\": \"info\", \"repo\": \"stanfordnlp/imdb\"}"),
          call(
              "research",
              "{\"question\": \"which SFT recipes improve grade-school math for sub-1B models?\"}"),
          call("hub", "{\"operation\": \"search\", \"query\": \"math\"}"),
          FakeReply.text(
              "## Findings\n- SFT on worked solutions helps [hf search]\n## Recipes\n- lr 2e-5, 3"
                  + " epochs\n## Datasets\n- nyu-mll/glue (not math)\n## Sources\n- HF Hub search\n##"
                  + " Open questions\n- no math dataset in the fakes"),
          call("remember", "{\"fact\": \"baseline run r2 scored accuracy 0.47 on sft-gsm8k\"}"),
          call(
              "write",
              "{\"path\": \"plan.md\", \"content\": \"# Training plan\\n1. SFT Qwen2.5-0.5B on"
                  + " worked solutions, lr 2e-5, 3 epochs, packing\\n2. Evaluate against r2\"}"),
          call(
              "plan",
              "{\"items\": [{\"content\": \"find the benchmark paper and recipes\", \"status\":"
                  + " \"completed\"}, {\"content\": \"write the training plan\", \"status\":"
                  + " \"completed\"}]}"),
          FakeReply.text("The training plan is in plan.md."),
          FakeReply.text("Progress: literature read, plan written."),
          FakeReply.text("SUMMARY: read the benchmark paper, crawled citations, wrote plan.md."),
          FakeReply.text("Continuing with the smoke run next."));
      Config config =
          Config.load(
              Map.of(
                  "MLINTERN_HOME", home.toString(),
                  "ANTHROPIC_API_KEY", "sk-ant-case-study-0000",
                  "ANTHROPIC_BASE_URL", model.baseUrl(),
                  "HF_ENDPOINT", hub.baseUrl(),
                  "MLINTERN_PAPERS_URL", hub.baseUrl(),
                  "MLINTERN_ARXIV_URL", hub.baseUrl(),
                  "MLINTERN_S2_URL", s2.baseUrl()),
              Map.of());
      SessionOptions options =
          new SessionOptions(
              Optional.of("anthropic:claude-sonnet-4-5"),
              AgentConfig.defaults()
                  .withMaxIterations(40)
                  .withUsdBudget(5.0)
                  .withTimeBudget(Duration.ofMinutes(30))
                  .withAutoApprove(true));

      try (Mlintern engine = Mlintern.open(config)) {
        AgentSession session =
            engine.start(
                "Improve a small model's grade-school math accuracy with SFT: find the benchmark's"
                    + " paper, its citations and datasets, check the SFT docs, and write a training"
                    + " plan.",
                options,
                e -> {});
        AgentEvent.TurnComplete first = session.currentTurn().join();
        session.send("How far are you?").join();
        boolean compacted = session.compact().join();
        session.send("Go on.").join();
        List<Event> events = engine.store().events(session.id());
        writeTranscript(events);
        session.close();

        assertThat(first.reason()).isEqualTo("done");
        Map<String, String> outputs = toolOutputs(events);
        assertThat(outputs.get("papers search"))
            .contains("Large Multimodal Models as General In-Context Classifiers");
        assertThat(outputs.get("papers crawl")).contains("We’ve got you covered!");
        assertThat(outputs.get("docs read")).contains("## Packing");
        assertThat(outputs.get("hub info")).contains("stanfordnlp/imdb");
        assertThat(outputs.get("research")).contains("## Findings").contains("## Recipes");
        assertThat(outputs.get("remember")).contains("1. baseline run r2 scored accuracy 0.47");
        assertThat(
                Files.readString(
                    home.resolve("workspaces").resolve(session.id()).resolve("plan.md")))
            .startsWith("# Training plan");
        assertThat(events).anyMatch(e -> e.body() instanceof AgentEvent.Compaction);
        assertThat(compacted).isTrue();

        ChatRequest afterCompaction = model.lastCall().request();
        assertThat(afterCompaction.system())
            .contains("Budget left: 40 of 40 model calls this turn; $")
            .contains("of $5.00; 30 min of 30 min left this turn.");
        String pinned = ((UserMessage) afterCompaction.messages().get(1)).text();
        assertThat(pinned)
            .contains("SUMMARY: read the benchmark paper")
            .contains("[Current plan]")
            .contains("[Experiment ledger (best and latest runs)]")
            .contains("best on accuracy: r2 [ok] accuracy=0.4700")
            .contains("[Key facts (kept with the remember tool)]")
            .contains("1. baseline run r2 scored accuracy 0.47 on sft-gsm8k");
      }
    }
  }

  private void seedLedger() throws Exception {
    LedgerDb db = LedgerDb.open(home);
    Ledger ledger = new Ledger(db, Clock.systemUTC());
    for (String[] run : new String[][] {{"r1", "0.41"}, {"r2", "0.47"}}) {
      ledger.record(
          new RunRecord(
              run[0],
              "sft-gsm8k",
              null,
              null,
              null,
              null,
              null,
              null,
              "local",
              null,
              "ok",
              JSON.readTree("{\"accuracy\": " + run[1] + "}"),
              null,
              null,
              Instant.parse("2026-06-01T12:00:00Z")));
    }
    db.close();
  }

  private static FixtureServer hubFake() {
    return new FixtureServer()
        .route("GET", "/api/papers/search", Response.fixture(200, "hf_papers_search.json"))
        .route(
            "GET",
            "/api/datasets",
            r -> r.query() != null && r.query().contains("filter="),
            r -> Response.fixture(200, "hf_datasets_by_arxiv.json"))
        .route(
            "GET",
            "/api/datasets",
            r -> r.query() != null && r.query().contains("search="),
            r -> Response.fixture(200, "hf_datasets_search.json"))
        .route(
            "GET", "/api/datasets/stanfordnlp/imdb", Response.fixture(200, "hf_dataset_info.json"))
        .route("GET", "/docs/trl/sft_trainer", Response.text(200, "text/html", SFT_PAGE));
  }

  private static FixtureServer s2Fake() {
    return new FixtureServer()
        .route(
            "GET",
            "/graph/v1/paper/",
            r ->
                r.path().endsWith("/citations")
                    ? Response.fixture(200, "s2_citations.json")
                    : r.path().endsWith("/references")
                        ? Response.fixture(200, "s2_references.json")
                        : Response.fixture(200, "s2_paper_full_trimmed.json"));
  }

  /** Each tool's output by "tool operation", the last one of each kind. */
  private static Map<String, String> toolOutputs(List<Event> events) throws Exception {
    Map<String, String> calls = new LinkedHashMap<>();
    Map<String, String> outputs = new LinkedHashMap<>();
    for (Event event : events) {
      if (event.body() instanceof AgentEvent.ToolCall call) {
        String operation = JSON.readTree(call.arguments()).path("operation").asText("");
        calls.put(call.id(), (call.name() + " " + operation).strip());
      } else if (event.body() instanceof AgentEvent.ToolResult result) {
        outputs.put(calls.get(result.id()), result.content());
      }
    }
    return outputs;
  }

  private static void writeTranscript(List<Event> events) throws Exception {
    StringBuilder out =
        new StringBuilder("# Case study transcript (scripted model, local fakes)\n\n");
    for (Event event : events) {
      if (event.body() instanceof AgentEvent.UserMessage user) {
        out.append("## user (")
            .append(user.origin())
            .append(")\n\n")
            .append(user.text())
            .append("\n\n");
      } else if (event.body() instanceof AgentEvent.ToolCall call) {
        out.append("### → ")
            .append(call.name())
            .append(' ')
            .append(call.arguments())
            .append("\n\n");
      } else if (event.body() instanceof AgentEvent.ToolResult result) {
        out.append("```\n").append(result.content()).append("\n```\n\n");
      } else if (event.body() instanceof AgentEvent.AssistantMessage message
          && !message.text().isBlank()) {
        out.append("## assistant\n\n").append(message.text()).append("\n\n");
      } else if (event.body() instanceof AgentEvent.Compaction compaction) {
        out.append("## compaction\n\n").append(compaction.summary()).append("\n\n");
      }
    }
    Path file = Path.of("target", "case-study", "transcript.md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, out);
  }
}
