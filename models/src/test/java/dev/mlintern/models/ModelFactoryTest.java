package dev.mlintern.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.UserMessage;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.testkit.FakeAnthropicServer;
import dev.mlintern.testkit.FakeOpenAiServer;
import dev.mlintern.testkit.FakeReply;
import dev.mlintern.testkit.ReceivedCall;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Specs plus settings become adapters whose calls go where the settings say, with the key the spec
 * needs.
 */
class ModelFactoryTest {
  private static final ChatRequest ASK =
      new ChatRequest("", java.util.List.of(new UserMessage("hi")), null, 100);
  private static final Secrets KEYS =
      Secrets.of(
          Map.of(
              "ANTHROPIC_API_KEY",
              "sk-ant-factory-000000",
              "OPENAI_API_KEY",
              "sk-openai-factory-0000",
              "HF_TOKEN",
              "hf_factory000000000000000"));

  private final FakeAnthropicServer anthropic = new FakeAnthropicServer();
  private final FakeOpenAiServer openAi = new FakeOpenAiServer();

  @AfterEach
  void stop() {
    anthropic.close();
    openAi.close();
  }

  private ModelFactory factory(Map<String, String> values, Secrets secrets) {
    return ModelFactory.fromSettings(new Settings(Path.of("/tmp/mlintern-test"), values, secrets));
  }

  private ModelFactory redirected() {
    String base = openAi.baseUrl();
    return factory(
        Map.of(
            "ANTHROPIC_BASE_URL",
            anthropic.baseUrl(),
            "OPENAI_BASE_URL",
            base,
            "MLINTERN_HF_ROUTER_URL",
            base,
            "OLLAMA_HOST",
            base.substring(0, base.length() - "/v1".length())),
        KEYS);
  }

  @Test
  void sendsEachProviderWhereItsBaseUrlSettingPointsWithItsOwnKey() {
    anthropic.reply(FakeReply.text("from claude"));
    openAi.reply(
        FakeReply.text("a"), FakeReply.text("b"), FakeReply.text("c"), FakeReply.text("d"));
    ModelFactory factory = redirected();

    assertThat(factory.create("anthropic:claude-sonnet-4-5").generate(ASK).text())
        .isEqualTo("from claude");
    factory.create("openai:gpt-4o").generate(ASK);
    factory.create("hf:moonshotai/Kimi-K2-Instruct:novita").generate(ASK);
    factory.create("ollama:llama3.1:8b").generate(ASK);
    factory.create("openai-compatible:Qwen/Qwen2.5-7B@" + openAi.baseUrl()).generate(ASK);

    assertThat(anthropic.lastCall().apiKey()).isEqualTo("sk-ant-factory-000000");
    assertThat(anthropic.lastCall().model()).isEqualTo("claude-sonnet-4-5");
    assertThat(openAi.calls())
        .extracting(ReceivedCall::model)
        .containsExactly(
            "gpt-4o", "moonshotai/Kimi-K2-Instruct:novita", "llama3.1:8b", "Qwen/Qwen2.5-7B");
    assertThat(openAi.calls())
        .extracting(ReceivedCall::apiKey)
        .containsExactly(
            "sk-openai-factory-0000", "hf_factory000000000000000", null, "sk-openai-factory-0000");
    assertThat(openAi.calls().get(0).body().has("max_completion_tokens")).isTrue();
    assertThat(openAi.calls().get(1).body().has("max_tokens")).isTrue();
  }

  @Test
  void namesModelsBySpecAndKnowsTheirWindows() {
    ModelFactory factory = redirected();

    ChatModel claude = factory.create("anthropic:claude-haiku-4-5");
    ChatModel kimi = factory.create("hf:moonshotai/Kimi-K2-Instruct:novita");

    assertThat(claude.name()).isEqualTo("anthropic:claude-haiku-4-5");
    assertThat(claude.contextWindow()).isEqualTo(200_000);
    assertThat(kimi.name()).isEqualTo("hf:moonshotai/Kimi-K2-Instruct:novita");
    assertThat(kimi.contextWindow()).isEqualTo(131_072);
    assertThat(
            factory(Map.of("MLINTERN_CONTEXT_WINDOW", "32768"), KEYS)
                .create("ollama:qwen2.5:7b")
                .contextWindow())
        .isEqualTo(32_768);
  }

  @Test
  void saysWhichKeyIsMissing() {
    ModelFactory noKeys = factory(Map.of(), Secrets.none());

    assertThatThrownBy(() -> noKeys.create("anthropic:claude-sonnet-4-5"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("needs ANTHROPIC_API_KEY");
    assertThatThrownBy(() -> noKeys.create("openai:gpt-4o"))
        .hasMessageContaining("needs OPENAI_API_KEY");
    assertThatThrownBy(() -> noKeys.create("hf:a/b")).hasMessageContaining("needs HF_TOKEN");
    assertThat(noKeys.create("ollama:llama3.1:8b")).isNotNull();
    assertThat(noKeys.create("openai-compatible:m@http://localhost:8000/v1")).isNotNull();
  }

  @Test
  void leavesAutopilotToTheApp() {
    assertThatThrownBy(() -> redirected().create("autopilot"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("isAutopilot");
  }

  @Test
  void usesTheDocumentedDefaultBaseUrls() {
    ModelFactory defaults = factory(Map.of(), KEYS);

    assertThat(defaults.baseUrl(ModelSpec.parse("anthropic:x")))
        .isEqualTo("https://api.anthropic.com");
    assertThat(defaults.baseUrl(ModelSpec.parse("openai:x")))
        .isEqualTo("https://api.openai.com/v1");
    assertThat(defaults.baseUrl(ModelSpec.parse("hf:a/b")))
        .isEqualTo("https://router.huggingface.co/v1");
    assertThat(defaults.baseUrl(ModelSpec.parse("ollama:x")))
        .isEqualTo("http://localhost:11434/v1");
    assertThat(
            defaults.baseUrl(
                ModelSpec.parse("openai-compatible:m@http://box:8080/v1/chat/completions")))
        .isEqualTo("http://box:8080/v1");
  }

  @Test
  void acceptsOllamaHostInOllamasOwnForms() {
    assertThat(ModelFactory.ollamaUrl("127.0.0.1:11434")).isEqualTo("http://127.0.0.1:11434/v1");
    assertThat(ModelFactory.ollamaUrl("0.0.0.0")).isEqualTo("http://0.0.0.0:11434/v1");
    assertThat(ModelFactory.ollamaUrl("https://ollama.lab:443/"))
        .isEqualTo("https://ollama.lab:443/v1");
    assertThat(ModelFactory.ollamaUrl("http://gpu:11434/v1")).isEqualTo("http://gpu:11434/v1");
  }

  @Test
  void rejectsABaseUrlItCannotUse() {
    assertThatThrownBy(
            () ->
                factory(Map.of("ANTHROPIC_BASE_URL", "api.anthropic.com"), KEYS)
                    .create("anthropic:claude-sonnet-4-5"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("not a usable base URL");
  }
}
