package dev.mlintern.core.builtin;

import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.core.tool.UntrustedFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a text file of the session workspace, numbered by line, a window at a time. */
public final class ReadTool extends DescribedTool<ReadTool.Input> {
  static final int DEFAULT_LIMIT = 2000;
  static final int MAX_LINE = 2000;

  public record Input(
      @Param("file path relative to the workspace") String path,
      @Param(value = "first line to show, 1-based (default 1)", optional = true) Integer offset,
      @Param(value = "how many lines to show (default 2000)", optional = true) Integer limit) {}

  public ReadTool() {
    super("read", Input.class);
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    Path file = context.resolve(input.path());
    if (Files.isDirectory(file)) {
      throw new ToolException(
          "'" + input.path() + "' is a directory; use the list tool to see its entries");
    }
    if (!Files.isRegularFile(file)) {
      throw new ToolException(
          "no file '" + input.path() + "' in the workspace; use the list tool to see what exists");
    }
    int offset = input.offset() == null ? 1 : input.offset();
    int limit = input.limit() == null ? DEFAULT_LIMIT : input.limit();
    if (offset < 1 || limit < 1) {
      throw new ToolException(
          "offset and limit must be at least 1 (offset is the 1-based first line)");
    }
    try {
      if (looksBinary(file)) {
        throw new ToolException(
            "'"
                + input.path()
                + "' is a binary file ("
                + Files.size(file)
                + " bytes) and cannot be shown as text; inspect it with the shell tool, e.g. `file "
                + input.path()
                + "`");
      }
      StringBuilder out = new StringBuilder();
      int line = 0;
      int shown = 0;
      var decoder =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE);
      try (BufferedReader reader =
          new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
        for (String text; (text = reader.readLine()) != null; ) {
          line++;
          if (line >= offset && shown < limit) {
            if (text.length() > MAX_LINE) {
              text = text.substring(0, MAX_LINE) + " … [line cut at " + MAX_LINE + " characters]";
            }
            out.append(String.format("%6d\t%s%n", line, text));
            shown++;
          }
        }
      }
      if (line == 0) {
        return ToolResult.of("(" + input.path() + " is empty)");
      }
      if (offset > line) {
        throw new ToolException(
            "offset "
                + offset
                + " is past the end of '"
                + input.path()
                + "', which has "
                + line
                + " lines");
      }
      int last = offset + shown - 1;
      if (offset > 1 || last < line) {
        out.append("(lines ")
            .append(offset)
            .append('-')
            .append(last)
            .append(" of ")
            .append(line)
            .append(last < line ? "; pass offset=" + (last + 1) + " to read on)" : ")");
      }
      String text = out.toString().stripTrailing();
      return UntrustedFiles.of(context.workspace()).contains(file)
          ? ToolResult.untrusted("file " + input.path() + ", written by a run with network", text)
          : ToolResult.of(text);
    } catch (IOException e) {
      throw new ToolException("cannot read '" + input.path() + "': " + e.getMessage());
    }
  }

  static boolean looksBinary(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(8192);
      for (byte b : head) {
        if (b == 0) {
          return true;
        }
      }
      return false;
    }
  }
}
