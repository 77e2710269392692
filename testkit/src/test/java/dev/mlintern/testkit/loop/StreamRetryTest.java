package dev.mlintern.testkit.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.AgentSession;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.RetryingChatModel;
import dev.mlintern.core.model.StreamListener;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A stream that breaks after some text and is retried must not show the person the same text twice.
 */
class StreamRetryTest extends LoopTest {
  private static final String ANSWER =
      "I will load the digits data set, fit a logistic regression baseline,"
          + " and then try a small gradient-boosted model to beat 0.97 accuracy.";

  /**
   * Streams in 8-character chunks; attempt {@code i < broken.size()} streams {@code broken.get(i)}
   * and fails.
   */
  private static ChatModel breaking(List<String> broken, String answer) {
    AtomicInteger attempt = new AtomicInteger();
    return new ChatModel() {
      @Override
      public ChatResponse generate(ChatRequest request) {
        return ChatResponse.text(answer);
      }

      @Override
      public ChatResponse stream(ChatRequest request, StreamListener listener) {
        int n = attempt.getAndIncrement();
        String text = n < broken.size() ? broken.get(n) : answer;
        for (int i = 0; i < text.length(); i += 8) {
          listener.onText(text.substring(i, Math.min(text.length(), i + 8)));
        }
        if (n < broken.size()) {
          throw new ModelException(ModelException.Kind.TRANSIENT, "connection reset mid-stream");
        }
        return ChatResponse.text(answer);
      }

      @Override
      public String name() {
        return "breaking:stream";
      }
    };
  }

  private static ChatModel retrying(ChatModel model) {
    return new RetryingChatModel(
        model,
        new RetryingChatModel.Policy(4, Duration.ofMillis(1), Duration.ofMillis(1)),
        wait -> {},
        new Random(1));
  }

  private List<AgentEvent.AssistantDelta> deltas(String session) {
    return h.of(session, AgentEvent.AssistantDelta.class);
  }

  /** What a UI shows: the concatenated deltas, cleared at each reset. */
  private static String shown(List<AgentEvent.AssistantDelta> deltas) {
    StringBuilder out = new StringBuilder();
    for (AgentEvent.AssistantDelta delta : deltas) {
      if (delta.reset()) {
        out.setLength(0);
      }
      out.append(delta.text());
    }
    return out.toString();
  }

  @Test
  void aRetryThatRepeatsTheBeginningAddsOnlyTheRest() {
    var model =
        retrying(breaking(List.of(ANSWER.substring(0, 70), ANSWER.substring(0, 100)), ANSWER));
    AgentSession session = h.builder(model, List.of()).start("beat 0.97");
    assertThat(Harness.await(session).summary()).isEqualTo(ANSWER);
    String streamed =
        String.join(
            "", deltas(session.id()).stream().map(AgentEvent.AssistantDelta::text).toList());
    assertThat(streamed).isEqualTo(ANSWER);
    assertThat(deltas(session.id())).noneMatch(AgentEvent.AssistantDelta::reset);
  }

  @Test
  void aRetryThatSaysSomethingElseRestartsTheStreamedText() {
    String other =
        "Let me first look at the data files in the workspace before choosing a model for this task.";
    var model = retrying(breaking(List.of(other.substring(0, 60)), ANSWER));
    AgentSession session = h.builder(model, List.of()).start("beat 0.97");
    assertThat(Harness.await(session).summary()).isEqualTo(ANSWER);
    List<AgentEvent.AssistantDelta> deltas = deltas(session.id());
    assertThat(deltas).filteredOn(AgentEvent.AssistantDelta::reset).hasSize(1);
    assertThat(shown(deltas)).isEqualTo(ANSWER);
  }

  @Test
  void aStreamThatFailsForGoodVoidsItsText() {
    var model =
        retrying(
            breaking(
                List.of(
                    ANSWER.substring(0, 60),
                    ANSWER.substring(0, 60),
                    ANSWER.substring(0, 60),
                    ANSWER.substring(0, 60)),
                ANSWER));
    AgentSession session = h.builder(model, List.of()).start("beat 0.97");
    assertThat(Harness.await(session).reason()).isEqualTo("error");
    assertThat(deltas(session.id())).isNotEmpty();
    assertThat(shown(deltas(session.id()))).isEmpty();
  }
}
