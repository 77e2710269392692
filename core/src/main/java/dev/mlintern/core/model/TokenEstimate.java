package dev.mlintern.core.model;

/**
 * A calibrated character-based token estimate: about 3.5 characters a token for English prose and
 * JSON, the ratio measured for Claude and GPT tokenizers on agent transcripts. Errs high so
 * compaction starts early.
 */
public final class TokenEstimate {
  static final double CHARS_PER_TOKEN = 3.5;
  static final int PER_MESSAGE_OVERHEAD = 4;

  private TokenEstimate() {}

  public static long of(String text) {
    return text == null ? 0 : (long) Math.ceil(text.length() / CHARS_PER_TOKEN);
  }

  public static long of(Message message) {
    long tokens = PER_MESSAGE_OVERHEAD;
    if (message instanceof UserMessage user) {
      tokens += of(user.text());
    } else if (message instanceof AssistantMessage assistant) {
      tokens += of(assistant.text());
      for (ToolCall call : assistant.toolCalls()) {
        tokens += of(call.name()) + of(call.arguments()) + PER_MESSAGE_OVERHEAD;
      }
      for (var block : assistant.reasoning()) {
        tokens += of(block.toString());
      }
    } else if (message instanceof ToolResultMessage result) {
      tokens += of(result.content());
    }
    return tokens;
  }

  public static long of(ChatRequest request) {
    long tokens = of(request.system());
    for (ToolSpec tool : request.tools()) {
      tokens += of(tool.name()) + of(tool.description()) + of(String.valueOf(tool.inputSchema()));
    }
    for (Message message : request.messages()) {
      tokens += of(message);
    }
    return tokens;
  }
}
