package dev.mlintern.models.http;

/**
 * One server-sent event: its {@code event:} name (empty when the server sent none) and its joined
 * {@code data:}.
 */
public record SseEvent(String event, String data) {
  public SseEvent {
    event = event == null ? "" : event;
    data = data == null ? "" : data;
  }
}
