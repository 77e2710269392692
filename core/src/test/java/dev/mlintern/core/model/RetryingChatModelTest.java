package dev.mlintern.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RetryingChatModelTest {
  final List<Duration> sleeps = new ArrayList<>();
  final ChatRequest request = new ChatRequest("", List.of(new UserMessage("hi")), List.of(), 10);

  /** Throws the queued failures, then answers. */
  static ChatModel failing(ModelException... failures) {
    Deque<ModelException> queue = new ArrayDeque<>(List.of(failures));
    return new ChatModel() {
      public ChatResponse generate(ChatRequest request) {
        if (!queue.isEmpty()) {
          throw queue.poll();
        }
        return ChatResponse.text("ok");
      }

      public String name() {
        return "fake";
      }
    };
  }

  private RetryingChatModel retrying(ChatModel model) {
    return new RetryingChatModel(
        model,
        new RetryingChatModel.Policy(4, Duration.ofSeconds(1), Duration.ofSeconds(10)),
        sleeps::add,
        new Random(1));
  }

  @Test
  void retryableFailuresBackOffExponentiallyWithJitter() {
    var model =
        retrying(
            failing(
                new ModelException(ModelException.Kind.OVERLOADED, "529"),
                new ModelException(ModelException.Kind.SERVER_ERROR, "500"),
                new ModelException(ModelException.Kind.TRANSIENT, "reset")));
    assertThat(model.generate(request).text()).isEqualTo("ok");
    assertThat(sleeps).hasSize(3);
    assertThat(sleeps.get(0)).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));
    assertThat(sleeps.get(1)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(sleeps.get(2)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
  }

  @Test
  void retryAfterIsHonouredAndCapped() {
    var model =
        retrying(
            failing(
                new ModelException(
                    ModelException.Kind.RATE_LIMITED, "429", Duration.ofSeconds(7), null),
                new ModelException(
                    ModelException.Kind.RATE_LIMITED, "429", Duration.ofMinutes(5), null)));
    model.generate(request);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(10));
  }

  @Test
  void nonRetryableFailuresAndExhaustedAttemptsPropagate() {
    assertThatThrownBy(
            () ->
                retrying(failing(new ModelException(ModelException.Kind.UNAUTHORIZED, "401")))
                    .generate(request))
        .isInstanceOf(ModelException.class)
        .hasMessage("401");
    assertThat(sleeps).isEmpty();
    ModelException five = new ModelException(ModelException.Kind.SERVER_ERROR, "500");
    assertThatThrownBy(() -> retrying(failing(five, five, five, five, five)).generate(request))
        .isSameAs(five);
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void anInterruptedThreadDoesNotRetry() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(
              () ->
                  retrying(failing(new ModelException(ModelException.Kind.TRANSIENT, "reset")))
                      .generate(request))
          .isInstanceOf(ModelException.class);
      assertThat(sleeps).isEmpty();
    } finally {
      Thread.interrupted();
    }
  }
}
