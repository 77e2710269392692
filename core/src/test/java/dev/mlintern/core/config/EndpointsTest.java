package dev.mlintern.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointsTest {
  @Test
  void publicServicesByDefault() {
    Endpoints endpoints = Settings.of(Path.of("/tmp/h"), Map.of()).endpoints();

    assertThat(endpoints.hub()).isEqualTo("https://huggingface.co");
    assertThat(endpoints.papers()).isEqualTo("https://huggingface.co");
    assertThat(endpoints.arxivApi()).isEqualTo("https://export.arxiv.org");
    assertThat(endpoints.arxivWeb()).isEqualTo("https://arxiv.org");
    assertThat(endpoints.anthropic()).isEqualTo("https://api.anthropic.com");
  }

  @Test
  void settingsPointServicesElsewhereAndPapersFollowTheHub() {
    Settings settings =
        Settings.of(
            Path.of("/tmp/h"),
            Map.of(
                "HF_ENDPOINT", "http://127.0.0.1:9000",
                "MLINTERN_ARXIV_URL", "http://127.0.0.1:9001",
                "OLLAMA_HOST", " "));

    assertThat(settings.endpoints().hub()).isEqualTo("http://127.0.0.1:9000");
    assertThat(settings.endpoints().papers()).isEqualTo("http://127.0.0.1:9000");
    assertThat(settings.endpoints().arxivApi()).isEqualTo("http://127.0.0.1:9001");
    assertThat(settings.endpoints().arxivWeb()).isEqualTo("http://127.0.0.1:9001");
    assertThat(settings.endpoints().ollama()).isEqualTo("http://localhost:11434");
    assertThat(settings.with("HF_ENDPOINT", "http://127.0.0.1:9002").endpoints().hub())
        .isEqualTo("http://127.0.0.1:9002");
  }
}
