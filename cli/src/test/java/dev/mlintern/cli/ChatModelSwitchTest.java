package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.testkit.FakeAnthropicServer;
import dev.mlintern.testkit.FakeOpenAiServer;
import dev.mlintern.testkit.FakeReply;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /model SPEC} in chat switches the running session to another provider's model. */
class ChatModelSwitchTest {
  @TempDir Path home;

  @Test
  void slashModelSwitchesTheSessionAndTheNextTurnGoesToTheNewModel() {
    try (FakeAnthropicServer claude = new FakeAnthropicServer();
        FakeOpenAiServer gpt = new FakeOpenAiServer()) {
      claude.reply(FakeReply.text("Claude answers."));
      gpt.reply(FakeReply.text("GPT answers."));
      String typed = "hello\n/model openai:gpt-4.1\n/model\nagain\n/quit\n";
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();

      int code =
          Main.run(
              new String[] {"chat", "--model", "anthropic:claude-sonnet-4-5"},
              Map.of(
                  "MLINTERN_HOME", home.toString(),
                  "ANTHROPIC_API_KEY", "sk-ant-test-key-000000",
                  "ANTHROPIC_BASE_URL", claude.baseUrl(),
                  "OPENAI_API_KEY", "sk-openai-test-0000000",
                  "OPENAI_BASE_URL", gpt.baseUrl()),
              new ByteArrayInputStream(typed.getBytes(StandardCharsets.UTF_8)),
              new PrintWriter(out, true),
              new PrintWriter(err, true));

      assertThat(code).as(err.toString()).isZero();
      assertThat(out.toString()).contains("Claude answers.").contains("GPT answers.");
      assertThat(err.toString())
          .contains("· model: anthropic:claude-sonnet-4-5 → openai:gpt-4.1")
          .contains("> openai:gpt-4.1\n");
      assertThat(gpt.lastCall().request().messages()).hasSizeGreaterThanOrEqualTo(3);
    }
  }
}
