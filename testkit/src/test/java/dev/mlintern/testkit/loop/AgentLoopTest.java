package dev.mlintern.testkit.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.AgentSession;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.testkit.ScriptedChatModel;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AgentLoopTest extends LoopTest {

  @Test
  void aToolCallThenAnAnswerCompletesTheTurnWithOrderedEvents() {
    var echo = TestTools.Fake.echo("echo");
    var model =
        new ScriptedChatModel()
            .call("echo", "{\"text\": \"hi\"}")
            .text("The echo said hi, all done here.");
    AgentSession session = h.builder(model, List.of(echo)).start("say hi");
    AgentEvent.TurnComplete done = Harness.await(session);

    assertThat(done.reason()).isEqualTo("done");
    assertThat(done.summary()).isEqualTo("The echo said hi, all done here.");
    assertThat(echo.calls).hasValue(1);
    List<Event> events = h.store.events(session.id());
    assertThat(events)
        .extracting(Event::seq)
        .containsExactlyElementsOf(
            java.util.stream.LongStream.rangeClosed(1, events.size()).boxed().toList());
    assertThat(events)
        .extracting(Event::type)
        .startsWith(
            "session_started", "user_message", "assistant_message", "tool_call", "tool_result")
        .contains("assistant_delta")
        .endsWith("assistant_message", "turn_complete");
    assertThat(h.seen)
        .extracting(Event::seq)
        .containsExactlyElementsOf(events.stream().map(Event::seq).toList());
    // the second request carried the tool result back to the model
    assertThat(model.requests().get(1).messages())
        .last()
        .isInstanceOfSatisfying(
            ToolResultMessage.class, r -> assertThat(r.content()).isEqualTo("echo: hi"));
    assertThat(h.store.session(session.id()).orElseThrow().status()).isEqualTo("idle");
  }

  @Test
  void independentReadCallsRunInParallel() {
    CyclicBarrier both = new CyclicBarrier(2);
    var meet =
        TestTools.Fake.reading(
            "meet",
            (in, ctx) -> {
              try {
                both.await(5, TimeUnit.SECONDS);
                return ToolResult.of("met " + in.text());
              } catch (Exception e) {
                return ToolResult.of("alone " + in.text());
              }
            });
    var model =
        new ScriptedChatModel()
            .calls(
                ScriptedChatModel.toolCall("meet", "{\"text\": \"a\"}"),
                ScriptedChatModel.toolCall("meet", "{\"text\": \"b\"}"))
            .text("done");
    AgentSession session = h.builder(model, List.of(meet)).start("meet twice");
    assertThat(Harness.await(session).reason()).isEqualTo("done");
    assertThat(h.of(session.id(), AgentEvent.ToolResult.class))
        .extracting(AgentEvent.ToolResult::content)
        .containsExactlyInAnyOrder("met a", "met b");
    // results go back to the model in call order
    var messages = model.requests().get(1).messages();
    assertThat(messages.subList(messages.size() - 2, messages.size()))
        .extracting(m -> ((ToolResultMessage) m).content())
        .containsExactly("met a", "met b");
  }

  @Test
  void theIterationLimitEndsTheTurnWithASummary() {
    var echo = TestTools.Fake.echo("echo");
    var model = new ScriptedChatModel();
    model.otherwise(
        request ->
            model.response(
                "",
                List.of(
                    new dev.mlintern.core.model.ToolCall(
                        model.nextId(),
                        "echo",
                        "{\"text\": \"" + request.messages().size() + "\"}")),
                dev.mlintern.core.model.StopReason.TOOL_USE));
    AgentSession session =
        h.builder(model, List.of(echo))
            .config(dev.mlintern.core.AgentConfig.defaults().withMaxIterations(5))
            .start("loop forever");
    AgentEvent.TurnComplete done = Harness.await(session);
    assertThat(done.reason()).isEqualTo("max_iterations");
    assertThat(done.summary()).contains("5 model calls");
    assertThat(model.requests()).hasSize(5);
    assertThat(echo.calls).hasValue(5);
  }

  @Test
  void aSecondTurnContinuesTheConversation() {
    var model = new ScriptedChatModel().text("first answer").text("second answer");
    AgentSession session = h.builder(model, List.of()).start("one");
    Harness.await(session);
    assertThat(session.send("two").join().summary()).isEqualTo("second answer");
    assertThat(model.requests().get(1).messages()).hasSize(3);
    session.close();
    assertThat(h.store.session(session.id()).orElseThrow().status()).isEqualTo("finished");
  }

  @Test
  void callsWithEmptyOrRepeatedIdsGetUniqueIds() {
    var echo = TestTools.Fake.echo("echo");
    var model = new ScriptedChatModel();
    model
        .step(
            r ->
                model.response(
                    "",
                    List.of(
                        new dev.mlintern.core.model.ToolCall("", "echo", "{\"text\":\"a\"}"),
                        new dev.mlintern.core.model.ToolCall("", "echo", "{\"text\":\"b\"}")),
                    dev.mlintern.core.model.StopReason.TOOL_USE))
        .text("ok");
    AgentSession session = h.builder(model, List.of(echo)).start("go");
    assertThat(Harness.await(session).reason()).isEqualTo("done");
    List<AgentEvent.ToolResult> results = h.of(session.id(), AgentEvent.ToolResult.class);
    assertThat(results)
        .extracting(AgentEvent.ToolResult::id)
        .doesNotHaveDuplicates()
        .noneMatch(String::isBlank);
    assertThat(results)
        .extracting(AgentEvent.ToolResult::content)
        .containsExactlyInAnyOrder("echo: a", "echo: b");
  }

  @Test
  void detachLeavesTheSessionResumableWithoutEndingItOrCallingHooks() {
    List<String> hooks = new java.util.concurrent.CopyOnWriteArrayList<>();
    var model = new ScriptedChatModel().text("first");
    AgentSession session =
        h.builder(model, List.of()).hook((id, interrupted) -> hooks.add(id)).start("go");
    Harness.await(session);
    session.detach();
    assertThat(hooks).isEmpty();
    assertThat(h.of(session.id(), AgentEvent.SessionFinished.class)).isEmpty();
    var again = new ScriptedChatModel().text("second");
    AgentSession resumed = h.builder(again, List.of()).resume(session.id());
    assertThat(resumed.send("more").join().summary()).isEqualTo("second");
    assertThat(again.requests().get(0).messages()).hasSize(3);
  }
}
