package dev.mlintern.data.posttrain;

import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.Usage;

/**
 * Where the data tools get a model from a spec ({@code openai:gpt-5-mini}, {@code
 * anthropic:claude-haiku-4-5}, …) and what its token usage costs: the judge of {@code data judge}
 * and the generator of {@code data synthesize}. {@code app} wires the real one over the project's
 * model factory and price list; tests point it at a fake server.
 */
public interface ModelSource {
  ChatModel create(String spec);

  /** US dollars for {@code usage} of {@code spec}'s model; 0 when unpriced (local models). */
  double costUsd(String spec, Usage usage);
}
