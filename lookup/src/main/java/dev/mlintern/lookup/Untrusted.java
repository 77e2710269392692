package dev.mlintern.lookup;

import dev.mlintern.core.tool.ToolResult;

/**
 * A look-up result: one line of ours for the model (what this is, where it came from, what to do
 * next), then the third-party text inside the untrusted envelope; the result is marked untrusted so
 * the policy asks before effectful calls later in the turn.
 */
public final class Untrusted {
  private Untrusted() {}

  public static ToolResult result(String head, String source, String body) {
    return ToolResult.untrusted(head + "\n", source, body.strip(), null);
  }
}
