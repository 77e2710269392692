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

/**
 * Replaces one exact, unique piece of text in a workspace file (or every occurrence when asked).
 */
public final class EditTool extends DescribedTool<EditTool.Input> {
  public record Input(
      @Param("file path relative to the workspace") String path,
      @Param("the exact text to replace, whitespace included") String oldText,
      @Param("the text to put in its place") String newText,
      @Param(value = "replace every occurrence instead of requiring exactly one", optional = true)
          Boolean replaceAll) {}

  public EditTool() {
    super("edit", Input.class);
  }

  @Override
  public Set<Effect> effects(Input input) {
    return Set.of(Effect.WRITE);
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    Path file = context.resolve(input.path());
    if (!Files.isRegularFile(file)) {
      throw new ToolException(
          "no file '" + input.path() + "'; create it with the write tool first");
    }
    if (input.oldText().isEmpty()) {
      throw new ToolException(
          "oldText is empty; copy the exact text to replace from the file (use read)");
    }
    if (input.oldText().equals(input.newText())) {
      throw new ToolException("oldText and newText are the same; nothing to change");
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      int count = occurrences(text, input.oldText());
      if (count == 0) {
        throw new ToolException(
            "oldText was not found in '"
                + input.path()
                + "'; read the file and copy the exact text, including indentation and line breaks");
      }
      boolean all = Boolean.TRUE.equals(input.replaceAll());
      if (count > 1 && !all) {
        throw new ToolException(
            "oldText occurs "
                + count
                + " times in '"
                + input.path()
                + "'; include more surrounding lines so it matches once, or pass replaceAll=true");
      }
      String updated =
          all
              ? text.replace(input.oldText(), input.newText())
              : text.replaceFirst(
                  java.util.regex.Pattern.quote(input.oldText()),
                  java.util.regex.Matcher.quoteReplacement(input.newText()));
      Files.write(file, updated.getBytes(StandardCharsets.UTF_8), WorkspacePaths.WRITE_OPTIONS);
      return ToolResult.of(
          "edited "
              + input.path()
              + ": replaced "
              + (all ? count : 1)
              + " occurrence"
              + ((all ? count : 1) == 1 ? "" : "s"));
    } catch (java.nio.charset.MalformedInputException e) {
      throw new ToolException("'" + input.path() + "' is not UTF-8 text and cannot be edited");
    } catch (IOException e) {
      throw new ToolException("cannot edit '" + input.path() + "': " + e.getMessage());
    }
  }

  static int occurrences(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
      count++;
    }
    return count;
  }
}
