package dev.mlintern.core.builtin;

import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Lists a workspace folder (optionally a few levels deep) with file sizes. */
public final class ListTool extends DescribedTool<ListTool.Input> {
  static final int MAX_ENTRIES = 500;
  static final int MAX_DEPTH = 5;

  public record Input(
      @Param(
              value = "folder relative to the workspace (default: the workspace itself)",
              optional = true)
          String path,
      @Param(value = "how many levels to descend, 1 to 5 (default 1)", optional = true)
          Integer depth) {}

  public ListTool() {
    super("list", Input.class);
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    String relative = input.path() == null || input.path().isBlank() ? "." : input.path();
    Path folder = context.resolve(relative);
    if (!Files.isDirectory(folder)) {
      throw new ToolException(
          "'"
              + relative
              + "' is not a folder in the workspace"
              + (Files.isRegularFile(folder)
                  ? "; it is a file — use the read tool"
                  : "; list '.' to see what exists"));
    }
    int depth = input.depth() == null ? 1 : input.depth();
    if (depth < 1 || depth > MAX_DEPTH) {
      throw new ToolException("depth must be between 1 and " + MAX_DEPTH);
    }
    try (Stream<Path> walk = Files.walk(folder, depth)) {
      List<Path> entries =
          walk.filter(p -> !p.equals(folder)).sorted().limit(MAX_ENTRIES + 1L).toList();
      if (entries.isEmpty()) {
        return ToolResult.of("(" + relative + " is empty)");
      }
      StringBuilder out = new StringBuilder();
      for (Path entry : entries.subList(0, Math.min(entries.size(), MAX_ENTRIES))) {
        String name = folder.relativize(entry).toString();
        out.append(Files.isDirectory(entry) ? name + "/" : name + "  (" + size(entry) + ")")
            .append('\n');
      }
      if (entries.size() > MAX_ENTRIES) {
        out.append("… more than ")
            .append(MAX_ENTRIES)
            .append(" entries; list a subfolder or use a smaller depth");
      }
      return ToolResult.of(out.toString().stripTrailing());
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new ToolException("cannot list '" + relative + "': " + e.getMessage());
    }
  }

  private static String size(Path file) {
    try {
      long bytes = Files.size(file);
      return bytes < 1024
          ? bytes + " B"
          : bytes < 1 << 20 ? (bytes >> 10) + " KB" : (bytes >> 20) + " MB";
    } catch (IOException e) {
      return "?";
    }
  }
}
