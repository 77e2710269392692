package dev.mlintern.models;

import java.util.Map;

/**
 * Context window sizes in tokens, for the compaction threshold. Known models by id prefix;
 * otherwise 200k for Anthropic and 128k for everything else. Local servers (Ollama, llama.cpp)
 * often run with a much smaller window than the model supports; set {@code MLINTERN_CONTEXT_WINDOW}
 * to what the server really uses.
 */
public final class ContextWindows {
  public static final int ANTHROPIC_DEFAULT = 200_000;
  public static final int OTHER_DEFAULT = 128_000;

  private static final Map<String, Integer> KNOWN =
      Map.ofEntries(
          Map.entry("claude", 200_000),
          Map.entry("gpt-4o", 128_000),
          Map.entry("gpt-4-turbo", 128_000),
          Map.entry("gpt-4.1", 1_047_576),
          Map.entry("gpt-5", 400_000),
          Map.entry("o1", 200_000),
          Map.entry("o3", 200_000),
          Map.entry("o4-mini", 200_000),
          Map.entry("moonshotai/kimi-k2-instruct", 131_072),
          Map.entry("openai/gpt-oss-120b", 131_072),
          Map.entry("openai/gpt-oss-20b", 131_072),
          Map.entry("qwen/qwen3-coder-480b-a35b-instruct", 262_144),
          Map.entry("meta-llama/llama-3.3-70b-instruct", 131_072),
          Map.entry("deepseek-ai/deepseek-v3", 131_072));

  private final ModelTable<Integer> table;

  private ContextWindows(ModelTable<Integer> table) {
    this.table = table;
  }

  public static ContextWindows defaults() {
    return new ContextWindows(new ModelTable<>(KNOWN));
  }

  /** A copy that knows one more model (or family, by id prefix). */
  public ContextWindows with(String modelPrefix, int tokens) {
    if (tokens <= 0) {
      throw new IllegalArgumentException("a context window must be positive, was " + tokens);
    }
    return new ContextWindows(table.with(modelPrefix, tokens));
  }

  public int of(ModelSpec spec) {
    return table
        .find(spec.model())
        .orElse(
            spec.provider() == ModelSpec.Provider.ANTHROPIC ? ANTHROPIC_DEFAULT : OTHER_DEFAULT);
  }
}
