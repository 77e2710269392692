package dev.mlintern.testkit;

import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.StreamListener;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.Usage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A {@link ChatModel} that answers from a script, for testing the loop and everything built on it
 * without a provider. Each call consumes the next step: text, one or several (parallel) tool calls,
 * an answer cut off by the output limit, an empty answer, a thrown {@link ModelException}, or a
 * function of the request. Every request is recorded. When the script runs out, {@link #otherwise}
 * answers (by default: an {@link IllegalStateException}).
 *
 * <pre>{@code
 * ScriptedChatModel model = new ScriptedChatModel()
 *     .call("read", "{\"path\": \"data.csv\"}")
 *     .calls(ScriptedChatModel.toolCall("list", "{}"), ScriptedChatModel.toolCall("read", "{\"path\": \"a\"}"))
 *     .fail(new ModelException(ModelException.Kind.RATE_LIMITED, "slow down"))
 *     .text("All done.");
 * }</pre>
 */
public final class ScriptedChatModel implements ChatModel {
  private final Deque<Function<ChatRequest, ChatResponse>> steps = new ArrayDeque<>();
  private final List<ChatRequest> requests = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger ids = new AtomicInteger();
  private final String name;
  private int contextWindow = 200_000;
  private Usage usagePerCall = new Usage(100, 20, 0, 0);
  private Function<ChatRequest, ChatResponse> otherwise =
      request -> {
        throw new IllegalStateException(
            "the script has no step left for request " + requests.size());
      };

  public ScriptedChatModel() {
    this("scripted:test");
  }

  public ScriptedChatModel(String name) {
    this.name = name;
  }

  /** A tool call with a fresh id, for {@link #calls}. */
  public static ToolCall toolCall(String name, String arguments) {
    return new ToolCall(
        "call-"
            + name
            + "-"
            + Integer.toHexString(System.identityHashCode(arguments))
            + "-"
            + System.nanoTime(),
        name,
        arguments);
  }

  public ScriptedChatModel text(String text) {
    return step(request -> response(text, List.of(), StopReason.END_TURN));
  }

  public ScriptedChatModel call(String tool, String arguments) {
    return step(
        request ->
            response("", List.of(new ToolCall(nextId(), tool, arguments)), StopReason.TOOL_USE));
  }

  /** Several tool calls in one answer (parallel calls); ids are made fresh. */
  public ScriptedChatModel calls(ToolCall... calls) {
    return step(
        request -> {
          List<ToolCall> fresh = new ArrayList<>();
          for (ToolCall call : calls) {
            fresh.add(new ToolCall(nextId(), call.name(), call.arguments()));
          }
          return response("", fresh, StopReason.TOOL_USE);
        });
  }

  /** An answer stopped by max_tokens in the middle of a tool call whose arguments are cut. */
  public ScriptedChatModel cutOff(String tool, String partialArguments) {
    return step(
        request ->
            response(
                "",
                List.of(new ToolCall(nextId(), tool, partialArguments)),
                StopReason.MAX_TOKENS));
  }

  /** No text and no tool calls. */
  public ScriptedChatModel empty() {
    return step(request -> response("", List.of(), StopReason.END_TURN));
  }

  public ScriptedChatModel fail(ModelException failure) {
    return step(
        request -> {
          throw failure;
        });
  }

  /** Answers the next call with whatever {@code answer} makes of the request. */
  public ScriptedChatModel step(Function<ChatRequest, ChatResponse> answer) {
    synchronized (steps) {
      steps.addLast(answer);
    }
    return this;
  }

  public ScriptedChatModel repeat(int times, Function<ChatRequest, ChatResponse> answer) {
    for (int i = 0; i < times; i++) {
      step(answer);
    }
    return this;
  }

  /** What to answer once the script is used up. */
  public ScriptedChatModel otherwise(Function<ChatRequest, ChatResponse> answer) {
    otherwise = answer;
    return this;
  }

  public ScriptedChatModel contextWindow(int tokens) {
    contextWindow = tokens;
    return this;
  }

  public ScriptedChatModel usagePerCall(Usage usage) {
    usagePerCall = usage;
    return this;
  }

  /** A response with the scripted usage, for {@link #step} functions. */
  public ChatResponse response(String text, List<ToolCall> calls, StopReason stop) {
    return new ChatResponse(text, calls, stop, usagePerCall, List.of());
  }

  /** A fresh tool-call id. */
  public String nextId() {
    return "call-" + ids.incrementAndGet();
  }

  /** Every request received, in order, including failed ones. */
  public List<ChatRequest> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  public int remaining() {
    synchronized (steps) {
      return steps.size();
    }
  }

  @Override
  public ChatResponse generate(ChatRequest request) {
    requests.add(request);
    Function<ChatRequest, ChatResponse> next;
    synchronized (steps) {
      next = steps.pollFirst();
    }
    return (next == null ? otherwise : next).apply(request);
  }

  /** Streams the answer's text in chunks of up to 8 characters, then returns it. */
  @Override
  public ChatResponse stream(ChatRequest request, StreamListener listener) {
    ChatResponse response = generate(request);
    String text = response.text();
    for (int i = 0; i < text.length(); i += 8) {
      listener.onText(text.substring(i, Math.min(text.length(), i + 8)));
    }
    return response;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int contextWindow() {
    return contextWindow;
  }
}
