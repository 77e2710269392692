package dev.mlintern.core.store;

import dev.mlintern.core.model.Usage;
import java.time.Instant;

/**
 * A session's derived state, kept beside its events for listings and budgets. {@code status} is
 * {@code running}, {@code waiting} (for an approval), {@code idle} (turn complete) or the final
 * status of {@code session_finished}.
 */
public record SessionInfo(
    String id,
    String goal,
    String model,
    String workspace,
    String status,
    Instant created,
    Instant updated,
    Usage usage,
    double usd,
    long lastSeq) {}
