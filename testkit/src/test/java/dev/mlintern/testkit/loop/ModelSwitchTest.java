package dev.mlintern.testkit.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.AgentSession;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.testkit.ScriptedChatModel;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /model SPEC}: the next call goes to the new model with the whole conversation. */
class ModelSwitchTest {
  @TempDir Path home;
  Harness h;

  @AfterEach
  void close() {
    h.close();
  }

  @Test
  void theNextTurnGoesToTheNewModelAndTheSwitchIsRecorded() {
    h = new Harness(home);
    var first = new ScriptedChatModel("anthropic:claude-sonnet-4-5").text("first answer");
    var second = new ScriptedChatModel("openai:gpt-4.1").text("second answer");
    AgentSession session = h.builder(first, List.of()).start("one");
    Harness.await(session);

    session.switchModel(second);
    String answer = session.send("two").join().summary();

    assertThat(answer).isEqualTo("second answer");
    assertThat(first.requests()).hasSize(1);
    assertThat(second.requests().get(0).messages()).first().isEqualTo(new UserMessage("one"));
    assertThat(session.model()).isEqualTo("openai:gpt-4.1");
    assertThat(h.of(session.id(), AgentEvent.ModelChanged.class))
        .containsExactly(
            new AgentEvent.ModelChanged("anthropic:claude-sonnet-4-5", "openai:gpt-4.1"));
    assertThat(h.store.session(session.id()).orElseThrow().model()).isEqualTo("openai:gpt-4.1");
    session.close();
  }
}
