package dev.mlintern.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.core.secret.Secrets;
import dev.mlintern.models.ModelSpec.Provider;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelSpecTest {
  @Test
  void parsesEveryFormOfTheConfigurationTable() {
    assertThat(ModelSpec.parse("anthropic:claude-sonnet-4-5"))
        .isEqualTo(new ModelSpec(Provider.ANTHROPIC, "claude-sonnet-4-5", null));
    assertThat(ModelSpec.parse("openai:gpt-4o"))
        .isEqualTo(new ModelSpec(Provider.OPENAI, "gpt-4o", null));
    assertThat(ModelSpec.parse("hf:moonshotai/Kimi-K2-Instruct"))
        .isEqualTo(new ModelSpec(Provider.HF, "moonshotai/Kimi-K2-Instruct", null));
    assertThat(ModelSpec.parse("ollama:llama3.1:8b"))
        .isEqualTo(new ModelSpec(Provider.OLLAMA, "llama3.1:8b", null));
    assertThat(ModelSpec.parse("autopilot").isAutopilot()).isTrue();
  }

  @Test
  void keepsTheHfRouterSuffixAsPartOfTheModelSentOnTheWire() {
    assertThat(ModelSpec.parse("hf:moonshotai/Kimi-K2-Instruct:novita").model())
        .isEqualTo("moonshotai/Kimi-K2-Instruct:novita");
    assertThat(ModelSpec.parse("hf:openai/gpt-oss-120b:fastest").model())
        .isEqualTo("openai/gpt-oss-120b:fastest");
    assertThat(ModelSpec.parse("hf:Qwen/Qwen3-Coder-480B-A35B-Instruct:cheapest").model())
        .endsWith(":cheapest");
  }

  @Test
  void splitsOpenAiCompatibleSpecsAtTheLastAtBeforeHttp() {
    ModelSpec spec = ModelSpec.parse("openai-compatible:team@v2/model@http://gpu-box:8000/v1");

    assertThat(spec.provider()).isEqualTo(Provider.OPENAI_COMPATIBLE);
    assertThat(spec.model()).isEqualTo("team@v2/model");
    assertThat(spec.baseUrl()).isEqualTo("http://gpu-box:8000/v1");
    assertThat(ModelSpec.parse(spec.spec())).isEqualTo(spec);
    assertThat(ModelSpec.parse("openai-compatible:qwen@https://lmstudio.local/v1").baseUrl())
        .isEqualTo("https://lmstudio.local/v1");
  }

  @Test
  void roundTripsThroughItsSpecString() {
    for (String text :
        new String[] {
          "anthropic:claude-haiku-4-5",
          "openai:gpt-5",
          "hf:a/b:together",
          "ollama:qwen2.5:7b-instruct",
          "autopilot"
        }) {
      assertThat(ModelSpec.parse(text).spec()).isEqualTo(text);
      assertThat(ModelSpec.parse(text).toString()).isEqualTo(text);
    }
  }

  @Test
  void explainsWhatIsWrongWithABadSpec() {
    assertThatThrownBy(() -> ModelSpec.parse("gemini:pro"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("unknown model provider 'gemini'")
        .hasMessageContaining("anthropic:<model>");
    assertThatThrownBy(() -> ModelSpec.parse("claude-sonnet-4-5"))
        .hasMessageContaining("no provider prefix");
    assertThatThrownBy(() -> ModelSpec.parse("anthropic:")).hasMessageContaining("names no model");
    assertThatThrownBy(() -> ModelSpec.parse("hf:kimi")).hasMessageContaining("<org>/<model>");
    assertThatThrownBy(() -> ModelSpec.parse("openai-compatible:qwen"))
        .hasMessageContaining("<model>@<base-url>");
    assertThatThrownBy(() -> ModelSpec.parse("  ")).hasMessageContaining("empty model spec");
  }

  @Test
  void defaultsToClaudeOnlyWithAnAnthropicKeyAndNeverToPaidRoutersImplicitly() {
    Secrets anthropic = Secrets.of(Map.of("ANTHROPIC_API_KEY", "sk-ant-x"));
    Secrets hfAndOpenAi = Secrets.of(Map.of("HF_TOKEN", "hf_x", "OPENAI_API_KEY", "sk-x"));

    assertThat(ModelSpec.resolve(Optional.empty(), anthropic).spec())
        .isEqualTo("anthropic:claude-sonnet-4-5");
    assertThat(ModelSpec.resolve(Optional.empty(), hfAndOpenAi).isAutopilot()).isTrue();
    assertThat(ModelSpec.resolve(Optional.empty(), Secrets.none()).isAutopilot()).isTrue();
    assertThat(ModelSpec.resolve(Optional.of("hf:a/b"), anthropic).provider())
        .isEqualTo(Provider.HF);
  }
}
