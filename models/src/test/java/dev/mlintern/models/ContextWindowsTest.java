package dev.mlintern.models;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContextWindowsTest {
  private final ContextWindows windows = ContextWindows.defaults();

  @Test
  void knowsCommonModelsAndFallsBackByProvider() {
    assertThat(windows.of(ModelSpec.parse("anthropic:claude-sonnet-4-5"))).isEqualTo(200_000);
    assertThat(windows.of(ModelSpec.parse("anthropic:some-new-model"))).isEqualTo(200_000);
    assertThat(windows.of(ModelSpec.parse("openai:gpt-4.1-mini"))).isEqualTo(1_047_576);
    assertThat(windows.of(ModelSpec.parse("openai:gpt-5"))).isEqualTo(400_000);
    assertThat(windows.of(ModelSpec.parse("hf:Qwen/Qwen3-Coder-480B-A35B-Instruct:novita")))
        .isEqualTo(262_144);
    assertThat(windows.of(ModelSpec.parse("ollama:llama3.1:8b"))).isEqualTo(128_000);
  }

  @Test
  void takesAConfiguredWindow() {
    assertThat(windows.with("llama3.1", 8_192).of(ModelSpec.parse("ollama:llama3.1:8b")))
        .isEqualTo(8_192);
  }
}
