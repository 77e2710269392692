package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.model.Message;
import dev.mlintern.core.model.ToolResultMessage;
import dev.mlintern.testkit.FakeAnthropicServer;
import dev.mlintern.testkit.FakeModelServer;
import dev.mlintern.testkit.FakeOpenAiServer;
import dev.mlintern.testkit.FakeReply;
import dev.mlintern.testkit.ReceivedCall;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through the real CLI in a child JVM, against a local fake provider: a multi-turn chat with
 * parallel tool calls, one approval, one compaction, an interrupt (SIGINT), then {@code kill -9} in
 * the middle of a tool call and {@code mlintern resume}. The event log must be complete and
 * gapless, no tool call may run twice, and the secret canaries in the environment must appear
 * nowhere.
 */
class SessionEndToEndTest {
  private static final String ANTHROPIC_CANARY = "sk-ant-canary-0123456789abcdef";
  private static final String HF_CANARY = "hf_canaryCANARYcanaryCANARY0123";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String LONG = "Details of the plan follow. ".repeat(400);

  @TempDir Path home;

  @Test
  void anthropicSessionSurvivesApprovalCompactionInterruptAndKill() throws Exception {
    try (FakeAnthropicServer server = new FakeAnthropicServer()) {
      Map<String, String> env =
          new HashMap<>(
              Map.of(
                  "ANTHROPIC_API_KEY", ANTHROPIC_CANARY, "ANTHROPIC_BASE_URL", server.baseUrl()));
      runScenario(server, env, "anthropic:claude-sonnet-4-5");
    }
  }

  @Test
  void openAiCompatibleSessionSurvivesApprovalCompactionInterruptAndKill() throws Exception {
    try (FakeOpenAiServer server = new FakeOpenAiServer()) {
      Map<String, String> env =
          new HashMap<>(
              Map.of(
                  "OPENAI_API_KEY",
                  "sk-proj-canary0123456789abcdefghij",
                  "OPENAI_BASE_URL",
                  server.baseUrl(),
                  "ANTHROPIC_API_KEY",
                  ANTHROPIC_CANARY));
      runScenario(server, env, "openai:gpt-4.1");
    }
  }

  private void runScenario(FakeModelServer server, Map<String, String> env, String model)
      throws Exception {
    env.put("MLINTERN_HOME", home.resolve("mlhome").toString());
    env.put("HF_TOKEN", HF_CANARY);
    Script script = new Script(server);
    script.add(
        FakeReply.toolCalls(
            FakeReply.call("list", "{\"path\": \".\"}"),
            FakeReply.call("read", "{\"path\": \"notes.txt\"}")));
    script.add(
        FakeReply.toolCalls(
            FakeReply.call("shell", "{\"command\": \"env; echo token=$HF_TOKEN\"}")));
    script.add(
        FakeReply.toolCalls(FakeReply.call("shell", "{\"command\": \"touch approved.txt\"}")));
    script.add(FakeReply.text("Turn one done: the workspace was empty. " + LONG));
    script.add(FakeReply.text("Noted, that is the second turn. " + LONG));
    script.add(FakeReply.toolCalls(FakeReply.call("shell", "{\"command\": \"sleep 30\"}")));
    script.add(
        FakeReply.toolCalls(
            FakeReply.call("shell", "{\"command\": \"echo once >> counter.txt; sleep 40\"}")));
    script.add(
        FakeReply.text(
            "Resumed: the long command was cut off by the crash, so I will not rerun it."));

    String sessionId;
    Path project = Files.createDirectories(home.resolve("project"));
    try (CliProcess chat = CliProcess.start(env, project, "chat", "--model", model)) {
      chat.type("Look at the workspace and tell me what is there.");
      int at = chat.awaitErr("approval needed: shell", 0, WAIT);
      chat.type("y");
      at = chat.awaitErr("turn complete (done)", at, WAIT);
      sessionId = chat.errMatch(Pattern.compile("session (s-[a-z2-7]{12})")).orElseThrow();

      chat.type("Good. Remember that this is the second turn.");
      at = chat.awaitErr("turn complete (done)", at + 1, WAIT);
      chat.type("/compact");
      at = chat.awaitErr("compacted", at, WAIT);

      chat.type("Now run the long command.");
      at = chat.awaitErr("approval needed: shell", at, WAIT);
      chat.type("y");
      at = chat.awaitErr("approval approved", at, WAIT);
      Thread.sleep(1500);
      chat.signal("INT");
      at = chat.awaitErr("turn complete (interrupted)", at, WAIT);

      chat.type("Try once more, and count.");
      at = chat.awaitErr("approval needed: shell", at, WAIT);
      chat.type("y");
      at = chat.awaitErr("approval approved", at, WAIT);
      Path workspace = project;
      awaitFile(workspace.resolve("counter.txt"));
      chat.kill9();
    }

    try (CliProcess resume = CliProcess.start(env, home, "resume", sessionId)) {
      resume.closeInput();
      assertThat(resume.waitFor(WAIT)).as("resume exit code; stderr: %s", resume.err()).isZero();
      assertThat(String.join("\n", resume.out())).contains("Resumed");
    }

    Path workspace = project;
    assertThat(Files.readAllLines(workspace.resolve("counter.txt")))
        .as("the killed call ran exactly once")
        .hasSize(1);
    assertThat(workspace.resolve("approved.txt")).exists();
    assertThat(script.remaining()).isZero();

    List<JsonNode> events = export(env, sessionId);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).path("seq").asLong()).as("gapless sequence").isEqualTo(i + 1);
    }
    List<String> types = events.stream().map(e -> e.path("type").asText()).toList();
    assertThat(types)
        .contains(
            "session_started",
            "user_message",
            "assistant_message",
            "tool_call",
            "tool_result",
            "approval_requested",
            "approval_resolved",
            "compaction",
            "turn_complete");
    assertThat(events)
        .anyMatch(
            e ->
                e.path("type").asText().equals("turn_complete")
                    && e.path("reason").asText().equals("interrupted"));
    assertThat(events)
        .anyMatch(
            e ->
                e.path("type").asText().equals("turn_complete")
                    && e.path("reason").asText().equals("done")
                    && e.path("seq").asLong() > 20);

    long calls = events.stream().filter(e -> e.path("type").asText().equals("tool_call")).count();
    long results =
        events.stream().filter(e -> e.path("type").asText().equals("tool_result")).count();
    assertThat(results)
        .as("every tool call has exactly one result, patched or real")
        .isEqualTo(calls);
    List<String> callIds =
        events.stream()
            .filter(e -> e.path("type").asText().equals("tool_call"))
            .map(e -> e.path("id").asText())
            .toList();
    assertThat(callIds).doesNotHaveDuplicates();

    ReceivedCall last = server.lastCall();
    List<String> answered = new ArrayList<>();
    for (Message m : last.request().messages()) {
      if (m instanceof ToolResultMessage r) {
        answered.add(r.toolCallId());
      }
    }
    assertThat(answered).as("the resumed request answers the killed call").isNotEmpty();

    String everything =
        String.join("\n", events.stream().map(JsonNode::toString).toList())
            + server.calls().stream().map(c -> c.body().toString()).reduce("", String::concat);
    assertThat(everything).doesNotContain(HF_CANARY).doesNotContain(ANTHROPIC_CANARY);
    assertThat(
            Files.readString(
                home.resolve("mlhome").resolve("mlintern.db").resolveSibling("mlintern.db"),
                java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain(HF_CANARY)
        .doesNotContain(ANTHROPIC_CANARY);
  }

  private List<JsonNode> export(Map<String, String> env, String sessionId) throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"sessions", "export", sessionId},
            env,
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    assertThat(code).as(err.toString()).isZero();
    List<JsonNode> events = new ArrayList<>();
    for (String line : out.toString().split("\n")) {
      if (!line.isBlank()) {
        events.add(JSON.readTree(line));
      }
    }
    return events;
  }

  private static void awaitFile(Path file) throws InterruptedException {
    for (int i = 0; i < 600 && !Files.exists(file); i++) {
      Thread.sleep(50);
    }
    assertThat(file).exists();
  }

  /**
   * Answers summarization requests (no tools offered) with a summary and everything else from the
   * script.
   */
  private static final class Script {
    private final Deque<FakeReply> replies = new ArrayDeque<>();

    Script(FakeModelServer server) {
      for (int i = 0; i < 40; i++) {
        server.replyWith(
            call ->
                call.request().tools().isEmpty()
                    ? FakeReply.text(
                        "The person asked to look at an empty workspace; a shell command needed approval.")
                    : next());
      }
    }

    void add(FakeReply reply) {
      replies.addLast(reply);
    }

    synchronized FakeReply next() {
      FakeReply reply = replies.pollFirst();
      return reply == null ? FakeReply.text("(script exhausted)") : reply;
    }

    synchronized int remaining() {
      return replies.size();
    }
  }
}
