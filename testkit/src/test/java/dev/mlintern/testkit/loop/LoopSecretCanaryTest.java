package dev.mlintern.testkit.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.AgentSession;
import dev.mlintern.core.builtin.Sandbox;
import dev.mlintern.core.builtin.ShellTool;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.testkit.ScriptedChatModel;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canary values in HF_TOKEN and ANTHROPIC_API_KEY never reach an event, an export, a spill file or
 * a model request.
 */
class LoopSecretCanaryTest {
  static final String HF = "canary-hf-7c1e0b9d4a";
  static final String ANTHROPIC = "canary-anthropic-52f8e3";

  @TempDir Path home;

  @Test
  void canariesAppearNowhere() throws Exception {
    Secrets secrets = Secrets.of(Map.of("HF_TOKEN", HF, "ANTHROPIC_API_KEY", ANTHROPIC));
    var printEnv =
        TestTools.Fake.reading(
            "print_env",
            (in, ctx) ->
                ToolResult.of(
                    "HF_TOKEN="
                        + ctx.secrets().value("HF_TOKEN").orElseThrow()
                        + "\nANTHROPIC_API_KEY="
                        + ctx.secrets().value("ANTHROPIC_API_KEY").orElseThrow()
                        + "\n"
                        + ("filler line\n").repeat(5000)));
    var model =
        new ScriptedChatModel()
            .call("print_env", "{}")
            .call("shell", "{\"command\": \"env; echo done\"}")
            .call("shell", "{\"command\": \"echo " + HF + "\"}")
            .text("I saw " + ANTHROPIC)
            .text("again");
    try (Harness h = new Harness(home, secrets)) {
      AgentSession session =
          h.builder(
                  model,
                  List.of(printEnv, new ShellTool(Sandbox.none(), Duration.ofSeconds(20), 1 << 20)))
              .config(
                  dev.mlintern.core.AgentConfig.defaults()
                      .withAutoApprove(true)
                      .withMaxToolResultChars(5000))
              .secrets(secrets)
              .start("Use my token " + HF + " to look around");
      assertThat(Harness.await(session).reason()).isEqualTo("done");
      assertThat(session.send("and " + ANTHROPIC).join().reason()).isEqualTo("done");

      StringWriter export = new StringWriter();
      h.store.export(session.id(), export);
      assertThat(export.toString())
          .contains("[REDACTED]")
          .doesNotContain(HF)
          .doesNotContain(ANTHROPIC);
      assertThat(model.requests()).hasSizeGreaterThan(4);
      assertThat(model.requests().toString()).doesNotContain(HF).doesNotContain(ANTHROPIC);
      assertThat(h.seen.toString()).doesNotContain(HF).doesNotContain(ANTHROPIC);
      List<AgentEvent.ToolResult> results = h.of(session.id(), AgentEvent.ToolResult.class);
      assertThat(results.get(1).content()).contains("PATH=").contains("done");
      assertThat(results.get(2).content()).contains("secret value");
      try (Stream<Path> files = Files.walk(home.resolve("workspaces"))) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          assertThat(Files.readString(file))
              .as(file.toString())
              .doesNotContain(HF)
              .doesNotContain(ANTHROPIC);
        }
      }
    }
  }
}
