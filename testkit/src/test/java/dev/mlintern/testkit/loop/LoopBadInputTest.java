package dev.mlintern.testkit.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.AgentSession;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.testkit.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad input from the model or a tool never crashes the loop: each becomes an error result and the
 * turn goes on.
 */
class LoopBadInputTest extends LoopTest {
  TestTools.Fake echo = TestTools.Fake.echo("echo");

  private ToolResultMessage lastResult(ScriptedChatModel model) {
    var messages = model.requests().get(model.requests().size() - 1).messages();
    return messages.stream()
        .filter(ToolResultMessage.class::isInstance)
        .map(ToolResultMessage.class::cast)
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  private AgentEvent.TurnComplete run(ScriptedChatModel model, List<TestTools.Fake> tools) {
    AgentSession session = h.builder(model, tools).start("go");
    return Harness.await(session);
  }

  @Test
  void unknownToolNameGetsTheListOfTools() {
    var model = new ScriptedChatModel().call("ecko", "{}").text("ok");
    assertThat(run(model, List.of(echo)).reason()).isEqualTo("done");
    assertThat(lastResult(model).isError()).isTrue();
    assertThat(lastResult(model).content()).contains("no tool named 'ecko'").contains("echo");
  }

  @Test
  void invalidJsonArgumentsAreNotRun() {
    var model = new ScriptedChatModel().call("echo", "{\"text\": ").text("ok");
    assertThat(run(model, List.of(echo)).reason()).isEqualTo("done");
    assertThat(echo.calls).hasValue(0);
    assertThat(lastResult(model).content()).contains("not valid JSON").contains("not run");
  }

  @Test
  void argumentsBreakingTheSchemaAreNotRun() {
    var model = new ScriptedChatModel().call("echo", "{\"text\": 42, \"extra\": true}").text("ok");
    assertThat(run(model, List.of(echo)).reason()).isEqualTo("done");
    assertThat(echo.calls).hasValue(0);
    assertThat(lastResult(model).content())
        .contains("'text' must be a string")
        .contains("unknown field 'extra'");
  }

  @Test
  void aCallCutOffByMaxTokensIsNotRunAndTheModelIsToldToRetrySmaller() {
    var model = new ScriptedChatModel().cutOff("echo", "{\"text\": \"a very long").text("ok");
    assertThat(run(model, List.of(echo)).reason()).isEqualTo("done");
    assertThat(echo.calls).hasValue(0);
    assertThat(lastResult(model).content()).contains("cut off").contains("smaller");
  }

  @Test
  void tenMegabytesOfOutputKeepHeadAndTailAndSpillTheRest() throws Exception {
    String big = "HEAD\n" + "x".repeat(10 * 1024 * 1024) + "\nTAIL";
    var huge = TestTools.Fake.reading("huge", (in, ctx) -> ToolResult.of(big));
    var model = new ScriptedChatModel().call("huge", "{}").text("ok");
    AgentSession session = h.builder(model, List.of(huge)).start("go");
    assertThat(Harness.await(session).reason()).isEqualTo("done");
    String content = lastResult(model).content();
    assertThat(content.length()).isLessThan(50_000);
    assertThat(content).startsWith("HEAD").endsWith("TAIL").contains(".mlintern/outputs/");
    AgentEvent.ToolResult event = h.of(session.id(), AgentEvent.ToolResult.class).get(0);
    Path full = home.resolve("workspaces").resolve(session.id()).resolve(event.fullOutput());
    assertThat(Files.size(full)).isEqualTo(big.length());
  }

  @Test
  void binaryOutputIsDescribedNotDumped() {
    String binary =
        new String(
                new byte[] {0, 1, 2, (byte) 0xff, 0, 7, 8},
                java.nio.charset.StandardCharsets.ISO_8859_1)
            .repeat(1000);
    var bin = TestTools.Fake.reading("bin", (in, ctx) -> ToolResult.of(binary));
    var model = new ScriptedChatModel().call("bin", "{}").text("ok");
    assertThat(run(model, List.of(bin)).reason()).isEqualTo("done");
    assertThat(lastResult(model).content()).startsWith("[binary output").doesNotContain("\u0000");
  }

  @Test
  void aToolThatThrowsGivesAnErrorResultAndAnErrorEvent() {
    var broken =
        TestTools.Fake.reading(
            "broken",
            (in, ctx) -> {
              throw new IllegalStateException("index out of whack");
            });
    var picky =
        TestTools.Fake.reading(
            "picky",
            (in, ctx) -> {
              throw new ToolException("column 'label' missing; pass target=stars");
            });
    var model = new ScriptedChatModel().call("broken", "{}").call("picky", "{}").text("ok");
    AgentSession session = h.builder(model, List.of(broken, picky)).start("go");
    assertThat(Harness.await(session).reason()).isEqualTo("done");
    List<AgentEvent.ToolResult> results = h.of(session.id(), AgentEvent.ToolResult.class);
    assertThat(results).allMatch(AgentEvent.ToolResult::isError);
    assertThat(results.get(0).content())
        .contains("failed unexpectedly")
        .contains("index out of whack");
    assertThat(results.get(1).content()).isEqualTo("column 'label' missing; pass target=stars");
    assertThat(h.of(session.id(), AgentEvent.Error.class))
        .extracting(AgentEvent.Error::kind)
        .containsExactly("tool_failure");
  }

  @Test
  void anEmptyAnswerIsNudgedAndThreeInARowEndTheTurn() {
    var model = new ScriptedChatModel().empty().text("recovered");
    assertThat(run(model, List.of()).summary()).isEqualTo("recovered");
    assertThat(model.requests().get(1).messages())
        .last()
        .hasToString(
            new dev.mlintern.core.model.UserMessage(
                    "Your last answer was empty. Continue with the task: call a tool, or give your final answer in text.")
                .toString());

    var silent = new ScriptedChatModel().empty().empty().empty().text("never");
    AgentEvent.TurnComplete done = run(silent, List.of());
    assertThat(done.reason()).isEqualTo("error");
    assertThat(done.summary()).contains("empty answers");
    assertThat(silent.remaining()).isEqualTo(1);
  }

  @Test
  void aModelThatFailsForGoodEndsTheTurnWithAnError() {
    var model =
        new ScriptedChatModel()
            .fail(
                new dev.mlintern.core.model.ModelException(
                    dev.mlintern.core.model.ModelException.Kind.UNAUTHORIZED, "invalid x-api-key"));
    AgentEvent.TurnComplete done = run(model, List.of());
    assertThat(done.reason()).isEqualTo("error");
    assertThat(done.summary()).contains("UNAUTHORIZED").contains("invalid x-api-key");
  }

  @Test
  void aModelAdapterBugDoesNotKillTheSession() {
    var model =
        new ScriptedChatModel()
            .step(
                r -> {
                  throw new NullPointerException("adapter bug");
                })
            .text("fine again");
    AgentSession session = h.builder(model, List.of()).start("go");
    assertThat(Harness.await(session).reason()).isEqualTo("error");
    assertThat(session.send("again").join().summary()).isEqualTo("fine again");
  }
}
