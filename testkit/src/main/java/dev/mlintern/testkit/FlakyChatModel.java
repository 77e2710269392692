package dev.mlintern.testkit;

import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatRequest;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.ModelException;
import dev.mlintern.core.model.StreamListener;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection: fails a share of calls before they reach the wrapped model, cycling through a
 * 429 with retry-after, a 529 overload, a 500, a connection reset and a malformed response — what
 * providers do on a bad day. Failed calls never reach the delegate, so a scripted delegate's steps
 * are consumed only by calls that succeed. Seeded, so a test is repeatable.
 */
public final class FlakyChatModel implements ChatModel {
  private static final List<ModelException> FAULTS =
      List.of(
          new ModelException(
              ModelException.Kind.RATE_LIMITED,
              "429 too many requests",
              Duration.ofSeconds(2),
              null),
          new ModelException(ModelException.Kind.OVERLOADED, "529 overloaded"),
          new ModelException(ModelException.Kind.SERVER_ERROR, "500 internal server error"),
          new ModelException(ModelException.Kind.TRANSIENT, "connection reset"),
          new ModelException(
              ModelException.Kind.MALFORMED_RESPONSE, "unexpected end of JSON input"));

  private final ChatModel delegate;
  private final double failureRate;
  private final Random random;
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger calls = new AtomicInteger();

  public FlakyChatModel(ChatModel delegate, double failureRate, long seed) {
    this.delegate = delegate;
    this.failureRate = failureRate;
    this.random = new Random(seed);
  }

  private synchronized void maybeFail() {
    calls.incrementAndGet();
    if (random.nextDouble() < failureRate) {
      throw FAULTS.get(failures.getAndIncrement() % FAULTS.size());
    }
  }

  @Override
  public ChatResponse generate(ChatRequest request) {
    maybeFail();
    return delegate.generate(request);
  }

  @Override
  public ChatResponse stream(ChatRequest request, StreamListener listener) {
    maybeFail();
    return delegate.stream(request, listener);
  }

  /** How many calls failed on purpose. */
  public int failures() {
    return failures.get();
  }

  public int calls() {
    return calls.get();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public int contextWindow() {
    return delegate.contextWindow();
  }
}
