package dev.mlintern.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.Event;
import dev.mlintern.core.event.EventJson;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.secret.Secrets;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSessionStoreTest {
  @TempDir Path home;
  final Clock clock = Clock.fixed(Instant.parse("2026-11-26T10:00:00Z"), ZoneOffset.UTC);

  private SqliteSessionStore open(Secrets secrets) {
    return new SqliteSessionStore(home.resolve("mlintern.db"), secrets, clock);
  }

  @Test
  void appendsNumberEventsPerSessionAndDeriveTheSessionRow() {
    try (SqliteSessionStore store = open(Secrets.none())) {
      store.append(
          "s-a",
          new AgentEvent.SessionStarted("beat 0.97", "anthropic:claude-sonnet-4-5", "/ws/s-a"));
      store.append("s-b", new AgentEvent.UserMessage("other"));
      store.append("s-a", new AgentEvent.UserMessage("beat 0.97"));
      store.append(
          "s-a",
          new AgentEvent.AssistantMessage(
              "hi",
              List.of(),
              List.of(),
              "end_turn",
              new AgentEvent.UsageView(100, 20, 5, 1, 0.25)));
      store.append(
          "s-a",
          new AgentEvent.AssistantMessage(
              "again",
              List.of(),
              List.of(),
              "end_turn",
              new AgentEvent.UsageView(10, 2, 0, 0, 0.05)));
      Event last = store.append("s-a", new AgentEvent.TurnComplete("done", "hi", null));

      assertThat(last.seq()).isEqualTo(5);
      assertThat(store.events("s-a")).extracting(Event::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(store.events("s-a", 3))
          .extracting(Event::type)
          .containsExactly("assistant_message", "turn_complete");
      assertThat(store.events("s-b")).hasSize(1);
      SessionInfo info = store.session("s-a").orElseThrow();
      assertThat(info.goal()).isEqualTo("beat 0.97");
      assertThat(info.model()).isEqualTo("anthropic:claude-sonnet-4-5");
      assertThat(info.status()).isEqualTo("idle");
      assertThat(info.usage()).isEqualTo(new Usage(110, 22, 5, 1));
      assertThat(info.usd()).isEqualTo(0.30, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(info.lastSeq()).isEqualTo(5);
      assertThat(store.sessions())
          .extracting(SessionInfo::id)
          .containsExactlyInAnyOrder("s-a", "s-b");
      assertThat(store.session("s-none")).isEmpty();
    }
  }

  @Test
  void secretsAreRedactedOnAppendAndInExports() {
    Secrets secrets = Secrets.of(Map.of("HF_TOKEN", "canary-value-123"));
    List<Event> heard = new ArrayList<>();
    try (SqliteSessionStore store = open(secrets)) {
      store.subscribe(heard::add);
      Event stored =
          store.append(
              "s-x",
              new AgentEvent.ToolResult(
                  "c1",
                  "shell",
                  "HF_TOKEN=canary-value-123 and sk-ant-api03-abcdefghijklmnop",
                  false,
                  null,
                  null));
      assertThat(((AgentEvent.ToolResult) stored.body()).content())
          .isEqualTo("HF_TOKEN=[REDACTED] and [REDACTED]");
      assertThat(heard).containsExactly(stored);
      StringWriter out = new StringWriter();
      store.export("s-x", out);
      String[] lines = out.toString().split("\n");
      assertThat(lines).hasSize(1);
      assertThat(lines[0]).doesNotContain("canary-value-123");
      Event parsed = EventJson.fromJson(lines[0]);
      assertThat(parsed).isEqualTo(stored);
      assertThat(EventJson.toTree(parsed).path("type").asText()).isEqualTo("tool_result");
    }
  }

  @Test
  void reopeningKeepsEventsAndTheSchemaVersion() throws Exception {
    try (SqliteSessionStore store = open(Secrets.none())) {
      store.append("s-a", new AgentEvent.UserMessage("one"));
      assertThat(store.schemaVersion()).isEqualTo(SqliteSessionStore.MIGRATIONS.size());
    }
    try (SqliteSessionStore store = open(Secrets.none())) {
      assertThat(store.append("s-a", new AgentEvent.UserMessage("two")).seq()).isEqualTo(2);
      assertThat(store.schemaVersion()).isEqualTo(1);
    }
    try (var connection =
            DriverManager.getConnection("jdbc:sqlite:" + home.resolve("mlintern.db"));
        var st = connection.createStatement()) {
      assertThat(st.executeQuery("PRAGMA journal_mode").getString(1)).isEqualTo("wal");
      st.execute("INSERT INTO schema_version (version) VALUES (99)");
    }
    assertThatThrownBy(() -> open(Secrets.none()))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("newer mlintern");
  }

  @Test
  void userMessagesKeepTheirOriginAndOldEventsWithoutOneStillRead() {
    try (SqliteSessionStore store = open(Secrets.none())) {
      store.append("s-a", new AgentEvent.UserMessage("stop looping", "guard"));
      assertThat(((AgentEvent.UserMessage) store.events("s-a").get(0).body()).origin())
          .isEqualTo("guard");
    }
    AgentEvent old = EventJson.body("user_message", "{\"text\": \"hello\"}");
    assertThat(old).isEqualTo(new AgentEvent.UserMessage("hello", null));
    assertThat(new AgentEvent.UserMessage("hi").origin()).isEqualTo("user");
  }

  @Test
  void aLongSessionIsReadOnePageAtATime() throws Exception {
    try (SqliteSessionStore store = open(Secrets.none())) {
      store.append("s-long", new AgentEvent.AssistantDelta("chunk 1"));
      store.append("s-other", new AgentEvent.UserMessage("not mine"));
      // the other 9,999 rows in one transaction, as appends would have stored them (appending takes
      // seconds)
      try (var connection =
              DriverManager.getConnection("jdbc:sqlite:" + home.resolve("mlintern.db"));
          var insert =
              connection.prepareStatement(
                  "INSERT INTO events VALUES ('s-long', ?, ?, 'assistant_delta', ?)")) {
        connection.setAutoCommit(false);
        for (int i = 2; i <= 10_000; i++) {
          insert.setLong(1, i);
          insert.setString(2, clock.instant().toString());
          insert.setString(3, EventJson.bodyJson(new AgentEvent.AssistantDelta("chunk " + i)));
          insert.addBatch();
        }
        insert.executeBatch();
        connection.commit();
      }

      List<Event> first = store.events("s-long", 0, 50);
      assertThat(first)
          .extracting(Event::seq)
          .containsExactlyElementsOf(
              java.util.stream.LongStream.rangeClosed(1, 50).boxed().toList());
      assertThat(((AgentEvent.AssistantDelta) first.get(49).body()).text()).isEqualTo("chunk 50");
      assertThat(store.events("s-long", 50, 2)).extracting(Event::seq).containsExactly(51L, 52L);
      assertThat(store.events("s-long", 9_990, 50))
          .hasSize(10)
          .last()
          .extracting(Event::seq)
          .isEqualTo(10_000L);
      assertThat(store.events("s-long", 10_000, 50)).isEmpty();
      assertThat(store.events("s-other", 0, 50)).hasSize(1);
      assertThatThrownBy(() -> store.events("s-long", 0, 0))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void theDefaultPageReadsFromTheFullListing() {
    SessionStore listing =
        new SessionStore() {
          final List<Event> all =
              java.util.stream.LongStream.rangeClosed(1, 5)
                  .mapToObj(
                      i -> new Event(i, "s", Instant.EPOCH, new AgentEvent.UserMessage("m" + i)))
                  .toList();

          public Event append(String session, AgentEvent event) {
            throw new UnsupportedOperationException();
          }

          public List<Event> events(String session, long afterSeq) {
            return all.stream().filter(e -> e.seq() > afterSeq).toList();
          }

          public java.util.Optional<SessionInfo> session(String id) {
            return java.util.Optional.empty();
          }

          public List<SessionInfo> sessions() {
            return List.of();
          }

          public java.util.Optional<SessionInfo> delete(String id) {
            return java.util.Optional.empty();
          }

          public void export(String session, java.io.Writer out) {}

          public AutoCloseable subscribe(java.util.function.Consumer<Event> listener) {
            return () -> {};
          }

          public void close() {}
        };
    assertThat(listing.events("s", 1, 2)).extracting(Event::seq).containsExactly(2L, 3L);
    assertThat(listing.events("s", 3, 10)).extracting(Event::seq).containsExactly(4L, 5L);
  }

  @Test
  void summarizationCostAndReportedSpendingCountInTheSessionRow() {
    try (SqliteSessionStore store = open(Secrets.none())) {
      store.append(
          "s-a",
          new AgentEvent.AssistantMessage(
              "hi",
              List.of(),
              List.of(),
              "end_turn",
              new AgentEvent.UsageView(100, 20, 0, 0, 0.25)));
      store.append(
          "s-a",
          new AgentEvent.Compaction(
              5000, 900, "summary", null, new AgentEvent.UsageView(4000, 300, 0, 0, 1.0)));
      store.append("s-a", new AgentEvent.ToolCall("c1", "jobs", "{}", "approved", 2.0));
      store.append("s-a", new AgentEvent.Spend("c1", 1.5, -0.5, "job ended", true));
      SessionInfo info = store.session("s-a").orElseThrow();
      assertThat(info.usage()).isEqualTo(new Usage(4100, 320, 0, 0));
      assertThat(info.usd()).isEqualTo(2.75, org.assertj.core.data.Offset.offset(1e-9));
    }
  }

  @Test
  void newFieldsAreWrittenOnlyWhenSetAndOldEventsStillRead() {
    assertThat(EventJson.bodyJson(new AgentEvent.AssistantDelta("hi")))
        .isEqualTo("{\"text\":\"hi\"}");
    assertThat(EventJson.bodyJson(new AgentEvent.AssistantDelta("hi", true)))
        .contains("\"reset\":true");
    assertThat(EventJson.bodyJson(new AgentEvent.ToolCall("c", "read", "{}", "run")))
        .doesNotContain("estimatedUsd");
    assertThat(EventJson.bodyJson(new AgentEvent.ToolResult("c", "read", "x", false, null, null)))
        .doesNotContain("untrusted");
    assertThat(EventJson.bodyJson(new AgentEvent.Compaction(1, 1, "s", null)))
        .doesNotContain("usage");
    assertThat(
            EventJson.body(
                "tool_result",
                "{\"id\":\"c\",\"name\":\"read\",\"content\":\"x\",\"isError\":false}"))
        .isEqualTo(new AgentEvent.ToolResult("c", "read", "x", false, null, null, false));
    assertThat(EventJson.body("tool_result", "{\"id\":\"c\",\"content\":\"x\",\"untrusted\":true}"))
        .extracting(e -> ((AgentEvent.ToolResult) e).untrusted())
        .isEqualTo(true);
    assertThat(EventJson.body("assistant_delta", "{\"text\":\"a\"}"))
        .isEqualTo(new AgentEvent.AssistantDelta("a"));
    assertThat(EventJson.body("tool_call", "{\"id\":\"c\",\"estimatedUsd\":2.5}"))
        .extracting(e -> ((AgentEvent.ToolCall) e).estimatedUsd())
        .isEqualTo(2.5);
  }

  @Test
  void deleteRemovesOneSessionAtomicallyAndRefusesARunningOne() {
    try (SqliteSessionStore store = open(Secrets.none())) {
      store.append("s-a", new AgentEvent.SessionStarted("first", "m", "/ws"));
      store.append("s-a", new AgentEvent.TurnComplete("done", "hi", null));
      store.append("s-b", new AgentEvent.SessionStarted("second", "m", "/ws"));

      assertThatThrownBy(() -> store.delete("s-b"))
          .isInstanceOf(SessionActiveException.class)
          .hasMessageContaining("s-b is running; interrupt it");
      assertThat(store.events("s-b")).hasSize(1);

      assertThat(store.delete("s-a")).map(SessionInfo::goal).contains("first");
      assertThat(store.session("s-a")).isEmpty();
      assertThat(store.events("s-a")).isEmpty();
      assertThat(store.sessions()).extracting(SessionInfo::id).containsExactly("s-b");
      assertThat(store.delete("s-a")).isEmpty();
      assertThat(store.append("s-a", new AgentEvent.UserMessage("again")).seq()).isEqualTo(1);
    }
  }

  @Test
  void deletingASessionRemovesOnlyItsOutputsFolderAndOnlyWhenAsked() throws Exception {
    Path project = home.resolve("project");
    java.nio.file.Files.createDirectories(project.resolve("mlintern-runs/s-a/models"));
    java.nio.file.Files.createDirectories(project.resolve("mlintern-runs/s-b"));
    java.nio.file.Files.writeString(project.resolve("mlintern-runs/s-a/models/m.pkl"), "x");
    java.nio.file.Files.writeString(project.resolve("train.csv"), "a,b");
    try (SqliteSessionStore store = open(Secrets.none())) {
      for (String id : List.of("s-a", "s-b")) {
        store.append(id, new AgentEvent.SessionStarted("g", "m", project.toString()));
        store.append(id, new AgentEvent.TurnComplete("done", "hi", null));
      }

      assertThat(SessionDeletion.delete(store, "s-b", false).orElseThrow().removedOutputs())
          .isEmpty();
      assertThat(project.resolve("mlintern-runs/s-b")).isDirectory();

      SessionDeletion.Deleted deleted = SessionDeletion.delete(store, "s-a", true).orElseThrow();
      assertThat(deleted.removedOutputs()).contains(project.resolve("mlintern-runs/s-a"));
      assertThat(project.resolve("mlintern-runs/s-a")).doesNotExist();
      assertThat(project.resolve("mlintern-runs/s-b")).isDirectory();
      assertThat(project.resolve("train.csv")).hasContent("a,b");

      assertThat(SessionDeletion.delete(store, "s-nosuch", true)).isEmpty();
      for (String bad : List.of("..", "../project", "s-a/..", "", "/etc")) {
        assertThatThrownBy(() -> SessionDeletion.delete(store, bad, true))
            .as(bad)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("is not a session id");
      }
      assertThat(project.resolve("train.csv")).exists();
    }
  }
}
