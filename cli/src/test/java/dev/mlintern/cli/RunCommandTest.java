package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.testkit.FakeAnthropicServer;
import dev.mlintern.testkit.FakeReply;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mlintern run}: output discipline, JSON events, approvals from stdin, exit codes. */
class RunCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;
  @TempDir Path project;

  record Result(int code, String out, String err) {}

  private Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> line = new ArrayList<>(List.of(args));
    if (line.get(0).equals("run")) {
      line.addAll(1, List.of("--workspace", project.toString()));
    }
    int code =
        Main.run(
            line.toArray(String[]::new),
            env,
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  /** The environment of a person with an Anthropic key whose API is {@code server}. */
  private Map<String, String> anthropic(FakeAnthropicServer server) {
    return Map.of(
        "MLINTERN_HOME",
        home.toString(),
        "ANTHROPIC_API_KEY",
        "sk-ant-test-key-000000",
        "ANTHROPIC_BASE_URL",
        server.baseUrl());
  }

  @Test
  void jsonModePrintsOnlyEventObjectsOnStdout() throws Exception {
    try (FakeAnthropicServer server = new FakeAnthropicServer()) {
      server.reply(
          FakeReply.toolCalls(
              FakeReply.call("write", "{\"path\": \"notes.md\", \"content\": \"hello\"}")),
          FakeReply.toolCalls(
              FakeReply.call("report", "{\"title\": \"Notes\", \"goal\": \"write notes\"}")),
          FakeReply.text("Wrote the notes."));
      Result result = run(anthropic(server), "run", "--json", "write notes");

      assertThat(result.code()).as(result.err()).isZero();
      List<JsonNode> events = new ArrayList<>();
      for (String line : result.out().split("\n")) {
        events.add(JSON.readTree(line));
      }
      assertThat(events)
          .allSatisfy(
              e -> {
                assertThat(e.has("seq")).isTrue();
                assertThat(e.path("session").asText()).startsWith("s-");
                assertThat(e.path("time").asText()).endsWith("Z");
                assertThat(e.has("type")).isTrue();
              });
      assertThat(events.stream().map(e -> e.path("type").asText()))
          .startsWith("session_started", "user_message")
          .contains("tool_call", "tool_result", "assistant_message", "turn_complete")
          .endsWith("session_finished");
      JsonNode finished = events.get(events.size() - 1);
      String session = finished.path("session").asText();
      assertThat(finished.path("report").asText())
          .isEqualTo(
              project.resolve("mlintern-runs").resolve(session).resolve("report.html").toString());
      assertThat(Path.of(finished.path("report").asText())).exists();
      assertThat(project.resolve("notes.md")).hasContent("hello");
    }
  }

  @Test
  void humanModeStreamsTheAnswerOnStdoutAndToolActivityOnStderr() {
    try (FakeAnthropicServer server = new FakeAnthropicServer()) {
      server.reply(
          FakeReply.toolCalls(FakeReply.call("list", "{}")),
          FakeReply.text("The workspace is empty."));
      Result result = run(anthropic(server), "run", "what is in the workspace?");

      assertThat(result.code()).isZero();
      assertThat(result.out().strip()).isEqualTo("The workspace is empty.");
      assertThat(result.err()).contains("→ list").contains("turn complete (done)");
    }
  }

  @Test
  void anUnapprovedCallIsRejectedWhenNobodyCanAnswer() {
    try (FakeAnthropicServer server = new FakeAnthropicServer()) {
      server.reply(
          FakeReply.toolCalls(FakeReply.call("shell", "{\"command\": \"rm -rf data\"}")),
          FakeReply.text("Understood, I will not delete it."));
      Result result = run(anthropic(server), "run", "clean up");

      assertThat(result.code()).isZero();
      assertThat(result.err()).contains("approval needed: shell").contains("approval rejected");
      assertThat(server.lastCall().body().toString()).contains("no one is at the terminal");
    }
  }

  @Test
  void usageErrorsExitTwoAndFailuresExitOne() {
    assertThat(run(Map.of("MLINTERN_HOME", home.toString()), "run").code()).isEqualTo(2);
    assertThat(
            run(Map.of("MLINTERN_HOME", home.toString()), "run", "--time-budget", "soon", "x")
                .code())
        .isEqualTo(2);
    Result missing =
        run(Map.of("MLINTERN_HOME", home.toString()), "sessions", "show", "s-nonexistent0");
    assertThat(missing.code()).isEqualTo(1);
    assertThat(missing.err()).contains("no session 's-nonexistent0'");
    Result badModel =
        run(Map.of("MLINTERN_HOME", home.toString()), "run", "--model", "nosuch:thing", "x");
    assertThat(badModel.code()).isEqualTo(1);
    assertThat(badModel.err()).startsWith("mlintern run: ").doesNotContain("Exception");
  }
}
