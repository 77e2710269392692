package dev.mlintern.core.model;

import dev.mlintern.core.Sleeper;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one retry policy for model calls; wrap every provider adapter in it.
 *
 * <p>Retried: the {@link ModelException} kinds that say "try again" (rate limited, overloaded,
 * server error, transient connection failure, malformed response), up to {@code maxAttempts}
 * attempts in all. The wait before retry {@code n} (1-based) is the server's {@code retry-after}
 * when it sent one (capped at {@code maxDelay}), otherwise exponential backoff with jitter: a
 * random duration between half and all of {@code min(maxDelay, baseDelay * 2^(n-1))}. Not retried:
 * unauthorized, bad request, context too long, an address where nothing answers, and any failure
 * once the calling thread is interrupted. Waits go through the injected {@link Sleeper}.
 *
 * <p>A streaming call that fails after some text was delivered is retried from the start: the
 * listener is told with {@link StreamListener#onReset()} before the retry streams, since it will
 * see the beginning again; the returned response is always the complete answer of the successful
 * attempt.
 */
public final class RetryingChatModel implements ChatModel {
  private static final Logger LOG = LoggerFactory.getLogger(RetryingChatModel.class);

  /** Limits of the retry policy. */
  public record Policy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
    public static final Policy DEFAULT =
        new Policy(6, Duration.ofSeconds(1), Duration.ofSeconds(60));

    public Policy {
      if (maxAttempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
    }
  }

  private final ChatModel delegate;
  private final Policy policy;
  private final Sleeper sleeper;
  private final Random random;

  public RetryingChatModel(ChatModel delegate, Policy policy, Sleeper sleeper, Random random) {
    this.delegate = delegate;
    this.policy = policy;
    this.sleeper = sleeper;
    this.random = random;
  }

  public RetryingChatModel(ChatModel delegate) {
    this(delegate, Policy.DEFAULT, Sleeper.SYSTEM, new Random());
  }

  @Override
  public ChatResponse generate(ChatRequest request) {
    return withRetries(() -> delegate.generate(request));
  }

  @Override
  public ChatResponse stream(ChatRequest request, StreamListener listener) {
    AtomicBoolean delivered = new AtomicBoolean();
    StreamListener tracking =
        new StreamListener() {
          @Override
          public void onText(String delta) {
            if (delta != null && !delta.isEmpty()) {
              delivered.set(true);
            }
            listener.onText(delta);
          }

          @Override
          public void onReset() {
            listener.onReset();
          }
        };
    return withRetries(
        () -> {
          if (delivered.getAndSet(false)) {
            listener.onReset();
          }
          return delegate.stream(request, tracking);
        });
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public int contextWindow() {
    return delegate.contextWindow();
  }

  @Override
  public long countTokens(ChatRequest request) {
    return delegate.countTokens(request);
  }

  private ChatResponse withRetries(Supplier<ChatResponse> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (ModelException e) {
        if (!e.retryable()
            || attempt >= policy.maxAttempts()
            || Thread.currentThread().isInterrupted()) {
          throw e;
        }
        Duration wait = delay(attempt, e);
        LOG.warn(
            "model call failed ({}: {}); retry {} of {} in {} ms",
            e.kind(),
            e.getMessage(),
            attempt,
            policy.maxAttempts() - 1,
            wait.toMillis());
        try {
          sleeper.sleep(wait);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  /** The wait before retry number {@code attempt} (1-based) after failure {@code e}. */
  Duration delay(int attempt, ModelException e) {
    if (e.retryAfter().isPresent()) {
      Duration asked = e.retryAfter().get();
      return asked.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : asked;
    }
    long base = policy.baseDelay().toMillis();
    long capped = Math.min(policy.maxDelay().toMillis(), base << Math.min(attempt - 1, 20));
    long half = capped / 2;
    return Duration.ofMillis(half + (long) (random.nextDouble() * (capped - half)));
  }
}
