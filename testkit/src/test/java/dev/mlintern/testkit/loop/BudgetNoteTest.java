package dev.mlintern.testkit.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.AgentConfig;
import dev.mlintern.core.AgentSession;
import dev.mlintern.core.Pricing;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.Usage;
import dev.mlintern.testkit.ScriptedChatModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model is told its limits: every turn starts with the calls, USD and time left at the end of
 * the system prompt, and the line changes, with a warning, when a limit passes 50, 80 and 95%.
 */
class BudgetNoteTest {
  @TempDir Path home;
  Harness h;

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private ScriptedChatModel echoForever() {
    var model = new ScriptedChatModel().usagePerCall(new Usage(1_000_000, 0, 0, 0));
    model.otherwise(
        r ->
            model.response(
                "",
                List.of(new ToolCall(model.nextId(), "echo", "{\"text\":\"x\"}")),
                StopReason.TOOL_USE));
    return model;
  }

  private static String note(ChatRequest request) {
    String system = request.system();
    return system.substring(system.indexOf("Budget left:"));
  }

  @Test
  void eachTurnStartsWithWhatIsLeftAndWarnsAtFiftyEightyAndNinetyFivePercent() {
    h = new Harness(home);
    var model = echoForever();
    AgentSession session =
        h.builder(model, List.of(TestTools.Fake.echo("echo")))
            .pricing(Pricing.perMillion(1.0, 5.0))
            .config(AgentConfig.defaults().withMaxIterations(40).withUsdBudget(20.0))
            .start("spend");
    Harness.await(session);
    List<ChatRequest> requests = model.requests();

    assertThat(requests.get(0).system())
        .startsWith(
            "You are a test agent.\n\nBudget left: 40 of 40 model calls this turn;"
                + " $20.00 of $20.00; no time limit.");
    assertThat(note(requests.get(9))).isEqualTo(note(requests.get(0))); // unchanged below 50%
    assertThat(note(requests.get(10)))
        .isEqualTo(
            "Budget left: 30 of 40 model calls this turn; $10.00 of $20.00; no time limit."
                + " Warning: 50% of the USD budget is used. Half is gone: check the plan still"
                + " fits and drop what will not.");
    assertThat(note(requests.get(16)))
        .startsWith("Budget left: 24 of 40 model calls this turn; $4.00 of $20.00;")
        .contains("Warning: 80% of the USD budget is used. Finish the step in progress");
    assertThat(note(requests.get(19)))
        .contains("Warning: 95% of the USD budget is used. Start nothing new");
    assertThat(requests).hasSize(20);
  }

  @Test
  void aNewTurnStartsFromAFreshLine() {
    h = new Harness(home);
    var model = new ScriptedChatModel().text("one").text("two");
    AgentSession session =
        h.builder(model, List.of())
            .config(AgentConfig.defaults().withMaxIterations(10))
            .start("first");
    Harness.await(session);
    session.send("second").join();

    assertThat(note(model.requests().get(1)))
        .isEqualTo("Budget left: 10 of 10 model calls this turn; no USD cap; no time limit.");
    session.close();
  }
}
