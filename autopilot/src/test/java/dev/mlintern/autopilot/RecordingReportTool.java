package dev.mlintern.autopilot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in for app's report tool (written here): keeps the arguments and writes them as
 * report.md.
 */
final class RecordingReportTool implements Tool<RecordingReportTool.Input> {
  record Input(
      String title,
      @Param(optional = true) JsonNode goal,
      @Param(optional = true) JsonNode metric,
      @Param(optional = true) JsonNode higherIsBetter,
      @Param(optional = true) JsonNode audit,
      @Param(optional = true) JsonNode priors,
      @Param(optional = true) JsonNode trials,
      @Param(optional = true) JsonNode curves,
      @Param(optional = true) JsonNode validation,
      @Param(optional = true) JsonNode chosen,
      @Param(optional = true) JsonNode diagnosis,
      @Param(optional = true) JsonNode nextSteps,
      @Param(optional = true) JsonNode reproduce,
      @Param(optional = true) JsonNode submission,
      @Param(optional = true) JsonNode elapsedSeconds) {}

  final List<Input> calls = new ArrayList<>();

  @Override
  public String name() {
    return "report";
  }

  @Override
  public String description() {
    return "Write the run report.";
  }

  @Override
  public Class<Input> inputType() {
    return Input.class;
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    calls.add(input);
    try {
      Files.writeString(
          context.resolve("report.md"), "# " + input.title() + "\n\n" + input.chosen() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ToolResult.of("report written to report.md");
  }
}
