package dev.mlintern.testkit.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.AgentSession;
import dev.mlintern.core.builtin.PlanTool;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.core.store.Conversation;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.testkit.ScriptedChatModel;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ContextTest extends LoopTest {

  private static boolean summarizing(ChatRequest request) {
    return request.system().startsWith("You are compacting");
  }

  @Test
  void aLongSessionIsCompactedByTheModelKeepingFirstMessagePlanAndRecentTurns() {
    var big =
        TestTools.Fake.reading(
            "big", (in, ctx) -> ToolResult.of(("row " + in.text() + " ").repeat(500)));
    var model = new ScriptedChatModel().contextWindow(4000);
    AtomicInteger turns = new AtomicInteger();
    model.otherwise(
        r -> {
          if (summarizing(r)) {
            return model.response(
                "- read rows 1 to 5; nothing odd found", List.of(), StopReason.END_TURN);
          }
          int n = turns.incrementAndGet();
          if (n == 1) {
            return model.response(
                "",
                List.of(
                    new ToolCall(
                        model.nextId(),
                        "plan",
                        "{\"items\": [{\"content\": \"read all rows\", \"status\": \"in_progress\"}]}")),
                StopReason.TOOL_USE);
          }
          return n <= 10
              ? model.response(
                  "",
                  List.of(new ToolCall(model.nextId(), "big", "{\"text\": \"" + n + "\"}")),
                  StopReason.TOOL_USE)
              : model.response("read everything", List.of(), StopReason.END_TURN);
        });
    AgentSession session =
        h.builder(model, List.of(big, new PlanTool()))
            .pinned("Key facts", () -> "metric is accuracy")
            .start("Read the rows, please.");
    AgentEvent.TurnComplete done = Harness.await(session);

    assertThat(done.reason()).isEqualTo("done");
    List<AgentEvent.Compaction> compactions = h.of(session.id(), AgentEvent.Compaction.class);
    assertThat(compactions).isNotEmpty();
    assertThat(compactions.get(0).tokensAfter())
        .isLessThan(3600)
        .isLessThan(compactions.get(0).tokensBefore());
    List<ChatRequest> summaryRequests =
        model.requests().stream().filter(ContextTest::summarizing).toList();
    assertThat(summaryRequests).hasSize(compactions.size());
    assertThat(summaryRequests.get(0).messages().get(0).toString()).contains("called big");

    ChatRequest last = model.requests().get(model.requests().size() - 1);
    assertThat(last.messages().get(0)).isEqualTo(new UserMessage("Read the rows, please."));
    assertThat(((UserMessage) last.messages().get(1)).text())
        .contains("nothing odd found")
        .contains("[Current plan]")
        .contains("[>] read all rows")
        .contains("[Key facts]\nmetric is accuracy");
    assertThat(model.countTokens(last)).isLessThan(3600);
    // every request the loop sent fit under the threshold
    assertThat(model.requests().stream().filter(r -> !summarizing(r)))
        .allMatch(r -> model.countTokens(r) <= 3600);
    // the stored events rebuild exactly the conversation the loop holds
    assertThat(Conversation.rebuild(h.store.events(session.id())))
        .isEqualTo(session.conversation());
  }

  @Test
  void whenCompactionCannotGetUnderTheLimitTheTurnEndsWithContextFull() {
    var model = new ScriptedChatModel().contextWindow(200).text("never");
    AgentSession session = h.builder(model, List.of()).start("x".repeat(3000));
    AgentEvent.TurnComplete done = Harness.await(session);
    assertThat(done.reason()).isEqualTo("context_full");
    assertThat(done.summary()).contains("cannot be compacted");
    assertThat(h.of(session.id(), AgentEvent.Error.class))
        .extracting(AgentEvent.Error::kind)
        .containsExactly("context_full");
    assertThat(model.requests()).isEmpty();
  }

  @Test
  void compactOnRequestSummarizesEvenASmallConversation() {
    var model = new ScriptedChatModel().text("first").text("second");
    model.otherwise(r -> model.response("SUMMARY", List.of(), StopReason.END_TURN));
    AgentSession session = h.builder(model, List.of()).start("hello");
    Harness.await(session);
    session.send("more").join();
    session.compact().join();
    assertThat(h.of(session.id(), AgentEvent.Compaction.class))
        .singleElement()
        .satisfies(c -> assertThat(c.summary()).isEqualTo("SUMMARY"));
    assertThat(session.conversation().get(0)).isEqualTo(new UserMessage("hello"));
  }

  @Test
  void compactAfterAFewTurnsSummarizesTheMiddleHoweverLargeTheSystemPromptAndToolSchemasAre() {
    var model =
        new ScriptedChatModel()
            .text("b".repeat(3000))
            .text("d".repeat(3000))
            .text("f".repeat(3000));
    model.otherwise(r -> model.response("SUMMARY of b c d", List.of(), StopReason.END_TURN));
    AgentSession session =
        h.builder(model, List.of(new PlanTool(), TestTools.Fake.echo("echo")))
            .systemPrompt("You are a test agent. " + "Follow the house rules. ".repeat(8000))
            .start("a".repeat(3000));
    Harness.await(session);
    session.send("c".repeat(3000)).join();
    session.send("e".repeat(3000)).join();

    assertThat(session.compact().join()).isTrue();

    String transcript =
        model.requests().stream()
            .filter(ContextTest::summarizing)
            .findFirst()
            .orElseThrow()
            .messages()
            .get(0)
            .toString();
    assertThat(transcript)
        .contains("bbbb")
        .contains("cccc")
        .contains("dddd")
        .doesNotContain("eeee");
    List<dev.mlintern.core.model.Message> now = session.conversation();
    assertThat(now).hasSize(4);
    assertThat(now.get(0)).isEqualTo(new UserMessage("a".repeat(3000)));
    assertThat(((UserMessage) now.get(1)).text()).contains("SUMMARY of b c d");
    assertThat(now.get(2)).isEqualTo(new UserMessage("e".repeat(3000)));
    assertThat(now.get(3).toString()).contains("ffff");
    assertThat(Conversation.rebuild(h.store.events(session.id()))).isEqualTo(now);
  }

  @Test
  void compactWithOnlyOneTurnHasNothingToSummarize() {
    var model = new ScriptedChatModel().text("b".repeat(3000));
    AgentSession session = h.builder(model, List.of()).start("a".repeat(3000));
    Harness.await(session);
    assertThat(session.compact().join()).isFalse();
    assertThat(h.of(session.id(), AgentEvent.Compaction.class)).isEmpty();
  }

  @Test
  void whatSummarizingCostIsStoredWithTheSessionAndCountsInTheBudgetAfterResume() {
    var model =
        new ScriptedChatModel()
            .usagePerCall(new dev.mlintern.core.model.Usage(600, 100, 0, 0))
            .text("one")
            .text("two");
    model.otherwise(r -> model.response("SUMMARY", List.of(), StopReason.END_TURN));
    AgentSession session =
        h.builder(model, List.of())
            .pricing(dev.mlintern.core.Pricing.perMillion(1.0, 10.0))
            .start("first");
    Harness.await(session);
    session.send("second").join();
    assertThat(session.compact().join()).isTrue();
    session.detach();

    var info = h.store.session(session.id()).orElseThrow();
    assertThat(info.usage()).isEqualTo(new dev.mlintern.core.model.Usage(1800, 300, 0, 0));
    assertThat(info.usd()).isCloseTo(3 * 0.0016, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(h.of(session.id(), AgentEvent.Compaction.class))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.usage())
                  .extracting(AgentEvent.UsageView::input, AgentEvent.UsageView::output)
                  .containsExactly(600L, 100L);
              assertThat(c.usage().usd())
                  .isCloseTo(0.0016, org.assertj.core.data.Offset.offset(1e-12));
            });

    // 2,100 tokens spent with the summary, 1,400 without: a 2,000-token budget is used up only if
    // it counts
    var later = new ScriptedChatModel().text("should not run");
    AgentSession resumed =
        h.builder(later, List.of())
            .config(dev.mlintern.core.AgentConfig.defaults().withTokenBudget(2000))
            .resume(session.id());
    AgentEvent.TurnComplete done = resumed.send("third").join();
    assertThat(done.reason()).isEqualTo("budget");
    assertThat(later.requests()).isEmpty();
  }

  @Test
  void aContextTooLongErrorForcesOneCompactionThenGivesUp() {
    var tooLong =
        new dev.mlintern.core.model.ModelException(
            dev.mlintern.core.model.ModelException.Kind.CONTEXT_TOO_LONG, "prompt is too long");
    var model =
        new ScriptedChatModel()
            .text("one")
            .text("two")
            .fail(tooLong)
            .text("SUMMARY of one and two")
            .text("three");
    AgentSession session = h.builder(model, List.of()).start("first");
    Harness.await(session);
    session.send("second").join();
    assertThat(session.send("third").join().summary()).isEqualTo("three");
    assertThat(h.of(session.id(), AgentEvent.Compaction.class))
        .singleElement()
        .satisfies(c -> assertThat(c.summary()).isEqualTo("SUMMARY of one and two"));

    var stubborn = new ScriptedChatModel().text("one").text("two");
    stubborn.otherwise(
        r -> {
          if (summarizing(r)) {
            return stubborn.response("short", List.of(), StopReason.END_TURN);
          }
          throw tooLong;
        });
    AgentSession other = h.builder(stubborn, List.of()).start("first");
    Harness.await(other);
    other.send("second").join();
    AgentEvent.TurnComplete done = other.send("third").join();
    assertThat(done.reason()).isEqualTo("error");
    assertThat(done.summary()).contains("CONTEXT_TOO_LONG");
  }
}
