package dev.mlintern.core.builtin;

import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.core.tool.WorkspacePaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Creates or overwrites a text file in the session workspace, making parent folders as needed. */
public final class WriteTool extends DescribedTool<WriteTool.Input> {
  public record Input(
      @Param("file path relative to the workspace") String path,
      @Param("the complete new content of the file") String content) {}

  public WriteTool() {
    super("write", Input.class);
  }

  @Override
  public Set<Effect> effects(Input input) {
    return Set.of(Effect.WRITE);
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    Path file = context.resolve(input.path());
    if (Files.isDirectory(file)) {
      throw new ToolException("'" + input.path() + "' is a directory; give a file path");
    }
    try {
      boolean existed = Files.exists(file);
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      byte[] bytes = input.content().getBytes(StandardCharsets.UTF_8);
      Files.write(file, bytes, WorkspacePaths.WRITE_OPTIONS);
      return ToolResult.of(
          (existed ? "overwrote " : "created ")
              + input.path()
              + " ("
              + bytes.length
              + " bytes, "
              + input.content().lines().count()
              + " lines)");
    } catch (IOException e) {
      throw new ToolException("cannot write '" + input.path() + "': " + e.getMessage());
    }
  }
}
