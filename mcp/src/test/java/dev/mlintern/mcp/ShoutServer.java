package dev.mlintern.mcp;

import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import java.nio.file.Path;
import java.util.List;

/**
 * A small stdio MCP server for tests, run as a child JVM: {@code shout} upper-cases its text and
 * refuses an empty one, {@code whisper} lower-cases it, and {@code env_value} tells the value of an
 * environment variable of its process.
 */
public final class ShoutServer {
  /** The text to change. */
  public record Text(@Param("the text") String text) {}

  static final class Shout extends DescribedTool<Text> {
    Shout() {
      super("shout", Text.class);
    }

    @Override
    public ToolResult call(Text input, ToolContext context) {
      if (input.text().isBlank()) {
        throw new ToolException("nothing to shout; pass some text");
      }
      return ToolResult.of(input.text().toUpperCase() + "!");
    }
  }

  static final class Whisper extends DescribedTool<Text> {
    Whisper() {
      super("whisper", Text.class);
    }

    @Override
    public ToolResult call(Text input, ToolContext context) {
      return ToolResult.of(input.text().toLowerCase());
    }
  }

  static final class EnvValue extends DescribedTool<Text> {
    EnvValue() {
      super("env_value", Text.class);
    }

    @Override
    public ToolResult call(Text input, ToolContext context) {
      return ToolResult.of(String.valueOf(System.getenv(input.text())));
    }
  }

  public static void main(String[] args) throws InterruptedException {
    McpToolServer.serve(
        List.of(new Shout(), new Whisper(), new EnvValue()),
        ToolContext.standalone(Path.of("").toAbsolutePath()),
        "test",
        System.in,
        System.out);
  }
}
