package dev.mlintern.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The one JSON form of events: {@code {"seq": 12, "session": "s-…", "time": "…Z", "type":
 * "tool_call", …}} with the payload's fields flattened beside the envelope. Used by {@code run
 * --json}, exports, SSE and the store.
 */
public final class EventJson {
  private static final ObjectMapper JSON =
      JsonMapper.builder().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();
  private static final Map<String, Class<? extends AgentEvent>> TYPES = new HashMap<>();

  static {
    for (Class<?> type : AgentEvent.class.getPermittedSubclasses()) {
      try {
        AgentEvent probe = (AgentEvent) newBlank(type);
        TYPES.put(probe.type(), type.asSubclass(AgentEvent.class));
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  private EventJson() {}

  public static ObjectNode toTree(Event event) {
    ObjectNode node = JSON.createObjectNode();
    node.put("seq", event.seq());
    node.put("session", event.session());
    node.put("time", event.time().toString());
    node.put("type", event.type());
    ObjectNode payload = JSON.valueToTree(event.body());
    payload.remove("type");
    node.setAll(payload);
    return node;
  }

  public static String toJson(Event event) {
    return toTree(event).toString();
  }

  /** Payload only, without the envelope; what the store keeps in its {@code body} column. */
  public static String bodyJson(AgentEvent body) {
    ObjectNode payload = JSON.valueToTree(body);
    payload.remove("type");
    return payload.toString();
  }

  public static AgentEvent body(String type, String json) {
    Class<? extends AgentEvent> cls = TYPES.get(type);
    if (cls == null) {
      throw new IllegalArgumentException("unknown event type '" + type + "'");
    }
    try {
      return JSON.readValue(json, cls);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "event of type " + type + " is not readable: " + e.getOriginalMessage(), e);
    }
  }

  public static Event fromJson(String line) {
    try {
      JsonNode node = JSON.readTree(line);
      ObjectNode payload = ((ObjectNode) node).deepCopy();
      payload.remove(java.util.List.of("seq", "session", "time", "type"));
      return new Event(
          node.path("seq").asLong(),
          node.path("session").asText(),
          Instant.parse(node.path("time").asText()),
          body(node.path("type").asText(), payload.toString()));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not an event: " + e.getOriginalMessage(), e);
    }
  }

  public static ObjectMapper mapper() {
    return JSON;
  }

  private static Object newBlank(Class<?> recordType) throws ReflectiveOperationException {
    var components = recordType.getRecordComponents();
    Class<?>[] types = new Class<?>[components.length];
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      types[i] = components[i].getType();
      args[i] = blank(types[i]);
    }
    return recordType.getDeclaredConstructor(types).newInstance(args);
  }

  private static Object blank(Class<?> type) {
    if (type == long.class) return 0L;
    if (type == int.class) return 0;
    if (type == double.class) return 0.0;
    if (type == boolean.class) return false;
    return null;
  }
}
