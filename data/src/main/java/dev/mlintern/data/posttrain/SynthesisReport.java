package dev.mlintern.data.posttrain;

import dev.mlintern.core.model.Usage;
import dev.mlintern.data.engine.OutputWriter;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link Synthesizer#run} wrote ({@code output}, and {@code manifest}: every dropped item and
 * why), the generator's calls, tokens and cost, why generation stopped, and how many items each
 * reason dropped.
 */
public record SynthesisReport(
    OutputWriter.Output output,
    java.nio.file.Path manifest,
    int calls,
    Usage usage,
    double costUsd,
    String stop,
    Map<String, Long> droppedBy) {
  public SynthesisReport {
    droppedBy = Map.copyOf(droppedBy);
  }

  /** A few lines: what was written, what it cost, why it stopped and what was dropped. */
  public String summary(Object shownPath) {
    StringBuilder out =
        new StringBuilder(
            shownPath + "\t" + output.rows() + " items\tsha256:" + output.sha256() + "\n");
    out.append(
        String.format(
            Locale.ROOT,
            "generator calls %d, tokens in %d out %d, cost $%.4f; stopped: %s%n",
            calls,
            usage.promptTokens(),
            usage.outputTokens(),
            costUsd,
            stop));
    if (!droppedBy.isEmpty()) {
      out.append("dropped:");
      new java.util.TreeMap<>(droppedBy)
          .forEach((reason, n) -> out.append(' ').append(reason).append(' ').append(n).append(','));
      out.setLength(out.length() - 1);
      out.append('\n');
    }
    return out.append("manifest: ").append(manifest).append('\n').toString();
  }
}
