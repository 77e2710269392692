package dev.mlintern.testkit.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.AgentConfig;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.Pricing;
import dev.mlintern.core.builtin.PlanTool;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.testkit.ScriptedChatModel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class GuardsAndBudgetTest extends LoopTest {

  private List<String> guardMessages(String session) {
    return h.of(session, AgentEvent.UserMessage.class).stream()
        .filter(u -> "guard".equals(u.origin()))
        .map(AgentEvent.UserMessage::text)
        .toList();
  }

  @Test
  void threeIdenticalCallsInARowGetACorrectiveMessage() {
    var echo = TestTools.Fake.echo("echo");
    var model =
        new ScriptedChatModel()
            .call("echo", "{\"text\":\"x\"}")
            .call("echo", "{\"text\": \"x\"}")
            .call("echo", "{ \"text\" : \"x\" }")
            .text("ok");
    AgentSession session = h.builder(model, List.of(echo)).start("go");
    Harness.await(session);
    assertThat(guardMessages(session.id()))
        .singleElement()
        .asString()
        .contains("same tool call 3 times");
    assertThat(model.requests().get(3).messages()).last().asString().contains("same tool call");
  }

  @Test
  void aRepeatingSequenceOfCallsIsNoticed() {
    var echo = TestTools.Fake.echo("echo");
    var model = new ScriptedChatModel();
    for (int i = 0; i < 3; i++) {
      model.call("echo", "{\"text\":\"a\"}").call("echo", "{\"text\":\"b\"}");
    }
    model.text("ok");
    AgentSession session = h.builder(model, List.of(echo)).start("go");
    Harness.await(session);
    assertThat(guardMessages(session.id()))
        .singleElement()
        .asString()
        .contains("sequence of 2 steps");
  }

  @Test
  void stoppingWithOpenPlanItemsIsRepromptedAtMostTwice() {
    var model =
        new ScriptedChatModel()
            .call(
                "plan",
                "{\"items\": [{\"content\": \"load data\", \"status\": \"completed\"},"
                    + " {\"content\": \"train\", \"status\": \"in_progress\"}]}")
            .text("stopping")
            .text("still stopping")
            .text("really stopping")
            .text("never asked");
    AgentSession session = h.builder(model, List.of(new PlanTool())).start("go");
    AgentEvent.TurnComplete done = Harness.await(session);
    assertThat(done.summary()).isEqualTo("really stopping");
    assertThat(guardMessages(session.id()))
        .hasSize(2)
        .allMatch(m -> m.contains("- train (in_progress)"));
    assertThat(session.plan())
        .extracting(AgentEvent.PlanItem::status)
        .containsExactly("completed", "in_progress");
    assertThat(h.of(session.id(), AgentEvent.PlanUpdated.class)).hasSize(1);
  }

  @Test
  void theUsdBudgetEndsTheTurnCleanlyAfterWarningAt80Percent() {
    var echo = TestTools.Fake.echo("echo");
    var model = new ScriptedChatModel().usagePerCall(new Usage(1_000_000, 0, 0, 0));
    callForever(model, "echo");
    AgentSession session =
        h.builder(model, List.of(echo))
            .pricing(Pricing.perMillion(1.0, 5.0))
            .config(AgentConfig.defaults().withUsdBudget(4.5))
            .start("spend");
    AgentEvent.TurnComplete done = Harness.await(session);
    assertThat(done.reason()).isEqualTo("budget");
    assertThat(done.summary())
        .contains("USD budget")
        .contains("$5.00 of $4.50")
        .contains("5 model calls");
    assertThat(h.of(session.id(), AgentEvent.BudgetWarning.class))
        .extracting(AgentEvent.BudgetWarning::kind)
        .contains("usd");
    assertThat(echo.calls).hasValue(5);
    assertThat(h.store.session(session.id()).orElseThrow().usd()).isEqualTo(5.0);
    // the last event before turn_complete is a tool result: never stopped mid call
    var types = h.store.events(session.id()).stream().map(e -> e.type()).toList();
    assertThat(types.get(types.size() - 2)).isEqualTo("tool_result");
  }

  @Test
  void actualSpendReportedByAToolReplacesItsEstimateInTheBudgetAndTheStore() {
    AtomicReference<dev.mlintern.core.tool.ToolContext> kept = new AtomicReference<>();
    var train =
        new TestTools.Fake(
            "train",
            java.util.Set.of(dev.mlintern.core.tool.Effect.SPEND),
            1.0,
            (in, ctx) -> {
              kept.set(ctx);
              ctx.reportSpend(2.0, "GPU time so far", false);
              ctx.reportSpend(4.5, "job finished", true);
              return ToolResult.of("job done");
            });
    var model =
        new ScriptedChatModel()
            .usagePerCall(Usage.ZERO)
            .call("train", "{\"text\": \"1\"}")
            .call("train", "{\"text\": \"2\"}")
            .text("stopped");
    AgentSession session =
        h.builder(model, List.of(train))
            .config(AgentConfig.defaults().withUsdBudget(5).withAutoApprove(true))
            .start("train twice");
    Harness.await(session);

    // estimated $1 each: the second would fit; actually spent $4.50, so it is refused
    assertThat(train.calls).hasValue(1);
    assertThat(h.of(session.id(), AgentEvent.ToolResult.class).get(1).content())
        .startsWith("Refused by policy")
        .contains("spent $4.50");
    assertThat(h.of(session.id(), AgentEvent.Spend.class))
        .extracting(AgentEvent.Spend::charged)
        .containsExactly(1.0, 2.5);
    assertThat(h.store.session(session.id()).orElseThrow().usd()).isEqualTo(4.5);

    // a job monitor keeping the context may correct the cost after the call returned
    kept.get().reportSpend(3.0, "refund of unused time", true);
    assertThat(h.store.session(session.id()).orElseThrow().usd()).isEqualTo(3.0);
    session.close();
  }

  @Test
  void theTimeBudgetUsesTheInjectedClock() {
    AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    Clock clock =
        new Clock() {
          public ZoneOffset getZone() {
            return ZoneOffset.UTC;
          }

          public Clock withZone(java.time.ZoneId zone) {
            return this;
          }

          public Instant instant() {
            return now.get();
          }
        };
    var slow =
        TestTools.Fake.reading(
            "slow",
            (in, ctx) -> {
              now.set(now.get().plusSeconds(60));
              return ToolResult.of("a minute passed");
            });
    var model = new ScriptedChatModel();
    callForever(model, "slow");
    AgentSession session =
        h.builder(model, List.of(slow))
            .clock(clock)
            .config(AgentConfig.defaults().withTimeBudget(Duration.ofMinutes(5)))
            .start("wait");
    AgentEvent.TurnComplete done = Harness.await(session);
    assertThat(done.reason()).isEqualTo("budget");
    assertThat(done.summary()).contains("time budget");
    assertThat(slow.calls).hasValue(5);
  }

  @Test
  void theTokenBudgetCountsTheWholeSession() {
    var model =
        new ScriptedChatModel()
            .usagePerCall(new Usage(600, 100, 0, 0))
            .text("one")
            .text("two")
            .text("three");
    AgentSession session =
        h.builder(model, List.of()).config(AgentConfig.defaults().withTokenBudget(1000)).start("a");
    assertThat(Harness.await(session).reason()).isEqualTo("done");
    assertThat(session.send("b").join().reason()).isEqualTo("done");
    AgentEvent.TurnComplete second = session.send("c").join();
    assertThat(second.reason()).isEqualTo("budget");
    assertThat(second.summary()).contains("token budget");
  }

  /** Makes {@code model} call {@code tool} on every request once its script is used up. */
  private static void callForever(ScriptedChatModel model, String tool) {
    model.otherwise(
        r ->
            model.response(
                "",
                List.of(
                    new ToolCall(
                        model.nextId(), tool, "{\"text\":\"" + r.messages().size() + "\"}")),
                StopReason.TOOL_USE));
  }
}
