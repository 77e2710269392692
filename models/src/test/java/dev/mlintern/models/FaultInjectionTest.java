package dev.mlintern.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.RetryingChatModel;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.models.anthropic.AnthropicChatModel;
import dev.mlintern.models.http.ModelHttp;
import dev.mlintern.models.openai.OpenAiChatModel;
import dev.mlintern.testkit.FakeAnthropicServer;
import dev.mlintern.testkit.FakeModelServer;
import dev.mlintern.testkit.FakeOpenAiServer;
import dev.mlintern.testkit.FakeReply;
import dev.mlintern.testkit.ProviderFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Both adapters under core's retry policy, with a fifth of the calls failing (429, 529/503, 500,
 * resets, malformed JSON, overloaded mid-stream): a 50-call script is answered in order, every
 * reply exactly once, and the only waits are the recorded ones.
 */
class FaultInjectionTest {
  @Test
  void anthropicSurvivesAFifthOfCallsFailing() {
    try (FakeAnthropicServer server = new FakeAnthropicServer()) {
      run(
          server,
          url ->
              new AnthropicChatModel(
                  ModelHttp.defaultClient(),
                  url,
                  "sk-ant-x",
                  "claude-haiku-4-5",
                  AnthropicChatModel.Options.defaults("claude-haiku-4-5")));
    }
  }

  @Test
  void openAiCompatibleSurvivesAFifthOfCallsFailing() {
    try (FakeOpenAiServer server = new FakeOpenAiServer()) {
      run(
          server,
          url ->
              new OpenAiChatModel(
                  ModelHttp.defaultClient(),
                  url,
                  "sk-x",
                  "gpt-4o",
                  OpenAiChatModel.Options.defaults("openai:gpt-4o")));
    }
  }

  private static void run(FakeModelServer server, Function<String, ChatModel> adapter) {
    for (int i = 0; i < 50; i++) {
      server.reply(FakeReply.text("step " + i));
    }
    server.randomFaults(0.2, 20261126L).fail(ProviderFailure.RATE_LIMITED);
    List<Duration> waits = new ArrayList<>();
    ChatModel model =
        new RetryingChatModel(
            adapter.apply(server.baseUrl()),
            new RetryingChatModel.Policy(12, Duration.ofMillis(500), Duration.ofSeconds(30)),
            waits::add,
            new Random(7));

    for (int i = 0; i < 50; i++) {
      ChatRequest request = new ChatRequest("", List.of(new UserMessage("go " + i)), List.of(), 64);
      ChatResponse response =
          i % 2 == 0 ? model.generate(request) : model.stream(request, delta -> {});
      assertThat(response.text()).isEqualTo("step " + i);
    }

    assertThat(server.pending()).isZero();
    assertThat(server.calls().size()).isGreaterThan(55);
    assertThat(waits).hasSize(server.calls().size() - 50);
    assertThat(waits).contains(Duration.ofSeconds(17));
  }
}
