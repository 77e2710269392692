package dev.mlintern.models.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.StreamListener;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.Usage;
import dev.mlintern.models.http.StreamErrorEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Assembles {@code chat.completion.chunk}s into one {@link ChatResponse}: content deltas go to the
 * listener, tool-call fragments are joined per {@code index} (the first carries id and name, later
 * ones only argument text), the last non-null {@code usage} wins. Tolerates a repeated {@code
 * role}, {@code "usage": null} on every chunk, empty ids, and calls without an {@code index} (their
 * position is used).
 */
final class OpenAiStream {
  private static final class Call {
    String id = "";
    String name = "";
    final StringBuilder arguments = new StringBuilder();
  }

  private final StreamListener listener;
  private final StringBuilder text = new StringBuilder();
  private final Map<Integer, Call> calls = new TreeMap<>();
  private Usage usage = Usage.ZERO;
  private String finishReason;
  private boolean done;

  OpenAiStream(StreamListener listener) {
    this.listener = listener;
  }

  void accept(JsonNode chunk) {
    JsonNode error = chunk.get("error");
    if (error != null && !error.isNull()) {
      throw new StreamErrorEvent(chunk.toString());
    }
    JsonNode chunkUsage = chunk.get("usage");
    if (chunkUsage != null && chunkUsage.isObject()) {
      usage = OpenAiResponses.usage(chunkUsage);
    }
    for (JsonNode choice : chunk.path("choices")) {
      if (choice.path("index").asInt(0) != 0) {
        continue;
      }
      JsonNode delta = choice.path("delta");
      String content = OpenAiResponses.content(delta.get("content"));
      if (!content.isEmpty()) {
        text.append(content);
        listener.onText(content);
      }
      int position = 0;
      for (JsonNode fragment : delta.path("tool_calls")) {
        int index = fragment.has("index") ? fragment.get("index").asInt() : position;
        position++;
        Call call = calls.computeIfAbsent(index, i -> new Call());
        String id = fragment.path("id").asText("");
        if (call.id.isEmpty() && !id.isEmpty()) {
          call.id = id;
        }
        JsonNode function = fragment.path("function");
        String name = function.path("name").asText("");
        if (call.name.isEmpty() && !name.isEmpty()) {
          call.name = name;
        }
        call.arguments.append(OpenAiResponses.arguments(function.get("arguments")));
      }
      JsonNode reason = choice.get("finish_reason");
      if (reason != null && !reason.isNull() && !reason.asText().isEmpty()) {
        finishReason = reason.asText();
      }
    }
  }

  void done() {
    done = true;
  }

  /** Whether the stream ended as streams should: {@code [DONE]} or a finish reason. */
  boolean complete() {
    return done || finishReason != null;
  }

  ChatResponse response() {
    List<ToolCall> toolCalls = new ArrayList<>();
    for (Call call : calls.values()) {
      toolCalls.add(
          new ToolCall(OpenAiResponses.idOr(call.id), call.name, call.arguments.toString()));
    }
    return new ChatResponse(
        text.toString(),
        toolCalls,
        OpenAiResponses.stopReason(finishReason, !toolCalls.isEmpty()),
        usage,
        List.of());
  }
}
