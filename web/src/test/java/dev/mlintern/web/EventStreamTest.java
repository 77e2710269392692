package dev.mlintern.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.event.EventJson;
import dev.mlintern.core.secret.Secrets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStreamTest {
  @TempDir Path dir;
  Served served;
  StoreEngine engine;
  WebClient client;
  String session;

  @BeforeEach
  void start() {
    served = Served.start(dir, Secrets.none());
    engine = served.engine();
    client = served.client();
    session = engine.create("stream me");
    for (int i = 0; i < 3; i++) {
      engine.append(session, new AgentEvent.AssistantDelta("part " + i + " "));
    }
  }

  @AfterEach
  void stop() {
    served.close();
  }

  static List<String> ids(String sse) {
    return Arrays.stream(sse.split("\n"))
        .filter(l -> l.startsWith("id:"))
        .map(l -> l.substring(3).strip())
        .toList();
  }

  @Test
  void replaysTheWholeHistoryAsEventJsonWithSeqIds() {
    String sse = EventStreamReader.read(client, "/sessions/" + session + "/events", null, 5);
    assertThat(ids(sse)).containsExactly("1", "2", "3", "4", "5");
    String firstData =
        Arrays.stream(sse.split("\n"))
            .filter(l -> l.startsWith("data:"))
            .findFirst()
            .orElseThrow()
            .substring(5)
            .strip();
    var event = EventJson.fromJson(firstData);
    assertThat(event.seq()).isEqualTo(1);
    assertThat(event.body())
        .isEqualTo(
            new AgentEvent.SessionStarted(
                "stream me", "scripted", engine.workspace(session).toString()));
  }

  @Test
  void resumesAfterLastEventIdAndContinuesLive() {
    String sse =
        EventStreamReader.read(
            client,
            "/sessions/" + session + "/events",
            "3",
            3,
            () ->
                engine.append(
                    session,
                    new AgentEvent.AssistantMessage("done", List.of(), List.of(), "end", null)));
    assertThat(ids(sse)).containsExactly("4", "5", "6");
    assertThat(sse).contains("\"type\":\"assistant_message\"").doesNotContain("\"seq\":3,");
  }

  @Test
  void afterParameterSkipsWhatThePageAlreadyShows() {
    String sse =
        EventStreamReader.read(client, "/sessions/" + session + "/events?after=4", null, 1);
    assertThat(ids(sse)).containsExactly("5");
  }

  @Test
  void aRestartedServerReplaysTheStoredHistory() {
    served.server().close();
    try (WebServer again =
        new WebServer(engine, served.token(), Secrets.none()).start("127.0.0.1", 0)) {
      WebClient fresh = new WebClient(again, served.token());
      assertThat(ids(EventStreamReader.read(fresh, "/sessions/" + session + "/events", "2", 3)))
          .containsExactly("3", "4", "5");
    }
  }
}
