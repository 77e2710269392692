package dev.mlintern.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.model.TokenEstimate;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.model.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A fake model provider on a {@link FixtureServer}: answers each model call with the next scripted
 * {@link FakeReply} rendered in the provider's wire format (streamed when the request asks for it),
 * injects {@link ProviderFailure}s on demand or by a fault plan, and records every call decoded
 * into core types. A failed call does not use up a reply, so a retried call gets the answer the
 * script meant for it. When the script runs out the fake answers HTTP 400 saying so, which adapters
 * report as a bad request and nobody retries.
 */
public abstract class FakeModelServer implements AutoCloseable {
  protected static final ObjectMapper JSON = new ObjectMapper();

  private final FixtureServer server = new FixtureServer();
  private final Deque<Function<ReceivedCall, FakeReply>> replies = new ArrayDeque<>();
  private final Deque<ProviderFailure> failures = new ArrayDeque<>();
  private final List<ReceivedCall> calls = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger ids = new AtomicInteger();
  private volatile IntFunction<Optional<ProviderFailure>> faults = n -> Optional.empty();
  private volatile String requiredKey;

  protected FakeModelServer(String method, String path) {
    server.route(method, path, this::answer);
  }

  /** The URL to give the adapter (for OpenAI-style servers it ends in {@code /v1}). */
  public abstract String baseUrl();

  protected abstract ReceivedCall decode(FixtureServer.Request raw) throws Exception;

  protected abstract FixtureServer.Response render(FakeReply reply, ReceivedCall call);

  protected abstract FixtureServer.Response renderStream(FakeReply reply, ReceivedCall call);

  protected abstract FixtureServer.Response failure(ProviderFailure failure, boolean stream);

  /** An HTTP 400 in the provider's error format. */
  protected abstract FixtureServer.Response badRequest(String message);

  /** A fresh provider-style tool-call id ({@code toolu_…}, {@code call_…}). */
  protected abstract String toolCallId(int n);

  /** Queues answers for the next calls, in order. */
  public synchronized FakeModelServer reply(FakeReply... next) {
    for (FakeReply reply : next) {
      replies.addLast(call -> reply);
    }
    return this;
  }

  /**
   * Queues one reply per line of a JSONL script (see {@link FakeReply#fromJson}); blank lines are
   * skipped.
   */
  public FakeModelServer replyAll(Path jsonl) {
    try {
      for (String line : Files.readAllLines(jsonl)) {
        if (!line.isBlank()) {
          reply(FakeReply.fromJson(JSON.readTree(line)));
        }
      }
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Queues an answer computed from the call it answers, e.g. one that reads the tool results it was
   * sent.
   */
  public synchronized FakeModelServer replyWith(Function<ReceivedCall, FakeReply> answer) {
    replies.addLast(answer);
    return this;
  }

  /** The next call fails this way (failures queue up; they come before scripted replies). */
  public synchronized FakeModelServer fail(ProviderFailure failure) {
    failures.addLast(failure);
    return this;
  }

  /**
   * Decides for call number n (from 0) whether it fails; queued {@link #fail} failures come first.
   */
  public FakeModelServer faults(IntFunction<Optional<ProviderFailure>> plan) {
    this.faults = plan;
    return this;
  }

  /**
   * Fails about {@code rate} of all calls with a retryable failure, reproducibly from {@code seed}.
   */
  public FakeModelServer randomFaults(double rate, long seed) {
    Random random = new Random(seed);
    List<ProviderFailure> kinds = new ArrayList<>();
    for (ProviderFailure failure : ProviderFailure.values()) {
      if (failure.retryable()) {
        kinds.add(failure);
      }
    }
    return faults(
        n -> {
          synchronized (random) {
            return random.nextDouble() < rate
                ? Optional.of(kinds.get(random.nextInt(kinds.size())))
                : Optional.empty();
          }
        });
  }

  /** Answers 401 unless the call carries this key. */
  public FakeModelServer requireKey(String key) {
    this.requiredKey = key;
    return this;
  }

  /** Every model call received so far (failed ones included), decoded. */
  public List<ReceivedCall> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  public ReceivedCall lastCall() {
    List<ReceivedCall> all = calls();
    if (all.isEmpty()) {
      throw new IllegalStateException("the fake server received no model call");
    }
    return all.get(all.size() - 1);
  }

  /** Scripted replies not yet used. */
  public synchronized int pending() {
    return replies.size();
  }

  /**
   * The underlying server, to replay a shared fixture ({@code
   * fixtures().enqueue(Response.fixture(…))}).
   */
  public FixtureServer fixtures() {
    return server;
  }

  protected String root() {
    return server.baseUrl();
  }

  private FixtureServer.Response answer(FixtureServer.Request raw) {
    ReceivedCall call;
    try {
      call = decode(raw);
    } catch (Exception e) {
      return badRequest("fake server could not decode the request: " + e);
    }
    int n;
    synchronized (calls) {
      n = calls.size();
      calls.add(call);
    }
    if (requiredKey != null && !requiredKey.equals(call.apiKey())) {
      return failure(ProviderFailure.UNAUTHORIZED, call.stream());
    }
    Function<ReceivedCall, FakeReply> next;
    synchronized (this) {
      ProviderFailure failure = failures.pollFirst();
      if (failure == null) {
        failure = faults.apply(n).orElse(null);
      }
      if (failure != null) {
        return failure(failure, call.stream());
      }
      next = replies.pollFirst();
    }
    if (next == null) {
      return badRequest("fake server: no scripted reply left for model call #" + (n + 1));
    }
    FakeReply reply = complete(next.apply(call), call);
    return call.stream() ? renderStream(reply, call) : render(reply, call);
  }

  /** Fills in ids and usage the script left out. */
  private FakeReply complete(FakeReply reply, ReceivedCall call) {
    List<ToolCall> withIds = new ArrayList<>();
    for (ToolCall toolCall : reply.toolCalls()) {
      withIds.add(
          toolCall.id().isEmpty()
              ? new ToolCall(
                  toolCallId(ids.incrementAndGet()), toolCall.name(), toolCall.arguments())
              : toolCall);
    }
    Usage usage = reply.usage();
    if (usage.equals(Usage.ZERO)) {
      long output = TokenEstimate.of(reply.text()) + 1;
      for (ToolCall toolCall : withIds) {
        output += TokenEstimate.of(toolCall.name()) + TokenEstimate.of(toolCall.arguments());
      }
      usage = new Usage(TokenEstimate.of(call.request()), output, 0, 0);
    }
    return new FakeReply(
        reply.text(), withIds, reply.effectiveStopReason(), usage, reply.reasoning());
  }

  /** Splits text into pieces for deltas, so streams carry several of them. */
  protected static List<String> pieces(String text, int size) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < text.length(); i += size) {
      out.add(text.substring(i, Math.min(text.length(), i + size)));
    }
    return out;
  }

  protected static JsonNode parse(String json) throws Exception {
    return JSON.readTree(json);
  }

  @Override
  public void close() {
    server.close();
  }
}
