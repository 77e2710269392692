package dev.mlintern.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {
  @TempDir Path home;

  @Test
  void flagsBeatEnvironmentWhichBeatsTheConfigFile() throws Exception {
    Files.writeString(
        home.resolve("config.toml"),
        """
        model = "ollama:llama3.1:8b"
        HF_ENDPOINT = "http://from-file"
        OPENAI_BASE_URL = "http://file-openai"
        [slurm]
        partition = "gpu"
        """);
    Config config =
        Config.load(
            Map.of(
                "MLINTERN_HOME", home.toString(), "HF_ENDPOINT", "http://from-env", "EDITOR", "vi"),
            Map.of("MLINTERN_MODEL", "autopilot"));

    assertThat(config.modelSpec()).contains("autopilot");
    assertThat(config.settings().get("HF_ENDPOINT")).contains("http://from-env");
    assertThat(config.settings().get("OPENAI_BASE_URL")).contains("http://file-openai");
    assertThat(config.settings().get("slurm.partition")).contains("gpu");
    assertThat(config.settings().get("EDITOR")).isEmpty();
  }

  @Test
  void keysFromEnvironmentOrFileAreSecretsNotValues() throws Exception {
    Files.writeString(home.resolve("config.toml"), "HF_TOKEN = \"hf_fileFileFileFileFileFile\"\n");
    Config config =
        Config.load(
            Map.of("MLINTERN_HOME", home.toString(), "ANTHROPIC_API_KEY", "sk-ant-canary-123456"),
            Map.of());

    assertThat(config.settings().values()).doesNotContainKeys("HF_TOKEN", "ANTHROPIC_API_KEY");
    assertThat(config.settings().values().values())
        .noneMatch(v -> v.contains("canary") || v.contains("hf_file"));
    assertThat(config.settings().secrets().value("ANTHROPIC_API_KEY"))
        .contains("sk-ant-canary-123456");
    assertThat(config.settings().secrets().value("HF_TOKEN"))
        .contains("hf_fileFileFileFileFileFile");
    assertThat(config.settings().toString()).doesNotContain("canary");
  }

  @Test
  void modelComesFromTheFileWhenNothingElseSetsIt() throws Exception {
    Files.writeString(home.resolve("config.toml"), "model = \"openai:gpt-5\"\n");
    assertThat(Config.load(Map.of("MLINTERN_HOME", home.toString()), Map.of()).modelSpec())
        .contains("openai:gpt-5");
  }

  @Test
  void brokenConfigFileIsNamed() throws Exception {
    Files.writeString(home.resolve("config.toml"), "model = = broken\n");
    assertThatThrownBy(() -> Config.load(Map.of("MLINTERN_HOME", home.toString()), Map.of()))
        .isInstanceOf(Config.ConfigException.class)
        .hasMessageContaining("config.toml");
  }

  @Test
  void homeDefaultsToDotMlinternUnderHome() {
    Config config = Config.load(Map.of("HOME", home.toString()), Map.of());
    assertThat(config.home()).isEqualTo(home.resolve(".mlintern"));
  }
}
