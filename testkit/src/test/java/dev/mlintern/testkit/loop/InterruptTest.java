package dev.mlintern.testkit.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.AgentSession;
import dev.mlintern.core.builtin.Sandbox;
import dev.mlintern.core.builtin.ShellTool;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.testkit.ScriptedChatModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InterruptTest {
  @TempDir Path home;

  @Test
  void interruptKillsARunningShellCommandPatchesTheRestAndTellsTheHooks() throws Exception {
    var echo = TestTools.Fake.echo("echo");
    var model =
        new ScriptedChatModel()
            .calls(
                ScriptedChatModel.toolCall("shell", "{\"command\": \"sleep 30\"}"),
                ScriptedChatModel.toolCall("echo", "{\"text\": \"after\"}"))
            .text("next turn");
    List<String> hooks = new CopyOnWriteArrayList<>();
    try (Harness h = new Harness(home)) {
      AgentSession session =
          h.builder(
                  model, List.of(new ShellTool(Sandbox.none(), Duration.ofSeconds(60), 4096), echo))
              .config(dev.mlintern.core.AgentConfig.defaults().withAutoApprove(true))
              .hook((id, interrupted) -> hooks.add(id + ":" + interrupted))
              .start("sleep");
      while (h.of(session.id(), AgentEvent.ToolCall.class).isEmpty()) {
        Thread.sleep(5);
      }
      long start = System.nanoTime();
      session.interrupt();
      AgentEvent.TurnComplete done = Harness.await(session);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      assertThat(done.reason()).isEqualTo("interrupted");
      List<AgentEvent.ToolResult> results = h.of(session.id(), AgentEvent.ToolResult.class);
      assertThat(results.get(0).content()).contains("cancelled");
      assertThat(results.get(1).content()).startsWith("Interrupted before it ran");
      assertThat(echo.calls).hasValue(0);
      assertThat(hooks).containsExactly(session.id() + ":true");

      assertThat(session.send("go on").join().summary()).isEqualTo("next turn");
      session.close();
      assertThat(hooks).containsExactly(session.id() + ":true", session.id() + ":false");
    }
  }
}
