package dev.mlintern.models.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads Chat Completions answers leniently, as the servers behind this format differ: {@code
 * content} null, a string or a list of parts; {@code tool_calls} missing, empty or with an empty
 * {@code id} (one is generated); {@code arguments} a string or an object; {@code usage} missing or
 * null; extra fields anywhere.
 */
final class OpenAiResponses {
  private static final String ID_ALPHABET =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private OpenAiResponses() {}

  static ChatResponse parse(JsonNode root) {
    JsonNode choices = root.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new IllegalArgumentException("no choices in the response");
    }
    JsonNode choice = choices.get(0);
    JsonNode message = choice.path("message");
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode call : message.path("tool_calls")) {
      JsonNode function = call.path("function");
      calls.add(
          new ToolCall(
              idOr(call.path("id").asText("")),
              function.path("name").asText(""),
              arguments(function.get("arguments"))));
    }
    return new ChatResponse(
        content(message.get("content")),
        calls,
        stopReason(choice.path("finish_reason").asText(null), !calls.isEmpty()),
        usage(root.get("usage")),
        List.of());
  }

  static String content(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        text.append(part.isTextual() ? part.asText() : part.path("text").asText(""));
      }
      return text.toString();
    }
    return content.asText();
  }

  static String arguments(JsonNode arguments) {
    if (arguments == null || arguments.isNull()) {
      return "";
    }
    return arguments.isTextual() ? arguments.asText() : arguments.toString();
  }

  /**
   * Some servers answer {@code stop} even when they called tools; tool calls present means
   * TOOL_USE.
   */
  static StopReason stopReason(String finishReason, boolean hasToolCalls) {
    if (finishReason == null || finishReason.isEmpty()) {
      return hasToolCalls ? StopReason.TOOL_USE : StopReason.END_TURN;
    }
    return switch (finishReason) {
      case "tool_calls", "function_call" -> StopReason.TOOL_USE;
      case "length" -> StopReason.MAX_TOKENS;
      case "content_filter" -> StopReason.REFUSAL;
      case "stop", "eos", "end_turn" -> hasToolCalls ? StopReason.TOOL_USE : StopReason.END_TURN;
      default -> hasToolCalls ? StopReason.TOOL_USE : StopReason.OTHER;
    };
  }

  /** {@code prompt_tokens} includes cached tokens here; core's {@link Usage} keeps them apart. */
  static Usage usage(JsonNode usage) {
    if (usage == null || !usage.isObject()) {
      return Usage.ZERO;
    }
    long prompt = usage.path("prompt_tokens").asLong(0);
    long cached = usage.path("prompt_tokens_details").path("cached_tokens").asLong(0);
    return new Usage(
        Math.max(0, prompt - cached), usage.path("completion_tokens").asLong(0), cached, 0);
  }

  /**
   * Servers such as TGI send {@code "id": ""}; the loop needs an id to pair the result with the
   * call.
   */
  static String idOr(String id) {
    if (id != null && !id.isBlank()) {
      return id;
    }
    StringBuilder generated = new StringBuilder("call_");
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 24; i++) {
      generated.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
    }
    return generated.toString();
  }
}
