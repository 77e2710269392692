package dev.mlintern.testkit.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.AgentSession;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.RetryingChatModel;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.testkit.FlakyChatModel;
import dev.mlintern.testkit.ScriptedChatModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 429 / 529 / 500 / connection reset / malformed JSON on 20% of model calls: a 50-step session
 * still completes.
 */
class LoopFaultInjectionTest {
  @TempDir Path home;

  @Test
  void aFiftyStepSessionCompletesThroughInjectedFaultsAndNoToolCallRunsTwice() {
    Set<String> ran = ConcurrentHashMap.newKeySet();
    List<String> twice = new CopyOnWriteArrayList<>();
    var step =
        new TestTools.Fake(
            "step",
            Set.of(Effect.WRITE),
            null,
            (in, ctx) -> {
              if (!ran.add(ctx.callId())) {
                twice.add(ctx.callId());
              }
              return ToolResult.of("step " + in.text() + " done");
            });
    var script = new ScriptedChatModel();
    for (int i = 1; i < 50; i++) {
      script.call("step", "{\"text\": \"" + i + "\"}");
    }
    script.text("All 49 steps done.");
    var flaky = new FlakyChatModel(script, 0.2, 42);
    List<Duration> sleeps = new CopyOnWriteArrayList<>();
    var model =
        new RetryingChatModel(
            flaky,
            new RetryingChatModel.Policy(8, Duration.ofMillis(500), Duration.ofSeconds(30)),
            sleeps::add,
            new Random(7));

    try (Harness h = new Harness(home)) {
      AgentSession session = h.builder(model, List.of(step)).start("do 49 steps");
      AgentEvent.TurnComplete done = Harness.await(session);

      assertThat(done.reason()).isEqualTo("done");
      assertThat(done.summary()).isEqualTo("All 49 steps done.");
      assertThat(ran).hasSize(49);
      assertThat(twice).isEmpty();
      assertThat(flaky.failures()).isGreaterThanOrEqualTo(5);
      assertThat(sleeps).hasSize(flaky.failures());
      assertThat(sleeps).contains(Duration.ofSeconds(2));
      assertThat(h.of(session.id(), AgentEvent.ToolResult.class))
          .hasSize(49)
          .noneMatch(AgentEvent.ToolResult::isError);
      assertThat(h.of(session.id(), AgentEvent.Error.class)).isEmpty();
    }
  }
}
