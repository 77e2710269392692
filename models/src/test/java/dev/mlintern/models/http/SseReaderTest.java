package dev.mlintern.models.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {
  @Test
  void readsNamedEventsSkipsCommentsAndJoinsDataLines() throws Exception {
    String stream =
        ": keep-alive\r\n\r\nevent: ping\r\ndata: {\"type\": \"ping\"}\r\n\r\n"
            + "id: 7\nretry: 100\ndata: first\ndata:second\n\n\n\ndata: {\"a\":1}     \n";

    List<SseEvent> events = read(stream);

    assertThat(events)
        .containsExactly(
            new SseEvent("ping", "{\"type\": \"ping\"}"),
            new SseEvent("", "first\nsecond"),
            new SseEvent("", "{\"a\":1}     "));
  }

  @Test
  void returnsNothingForAnEmptyOrCommentOnlyStream() throws Exception {
    assertThat(read("")).isEmpty();
    assertThat(read(":one\n:two\n\n")).isEmpty();
  }

  private static List<SseEvent> read(String text) throws Exception {
    List<SseEvent> events = new ArrayList<>();
    try (SseReader reader =
        new SseReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
      SseEvent event;
      while ((event = reader.next()) != null) {
        events.add(event);
      }
    }
    return events;
  }
}
