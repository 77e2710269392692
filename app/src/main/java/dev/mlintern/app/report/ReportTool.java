package dev.mlintern.app.report;

import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolDescriptions;
import dev.mlintern.core.tool.ToolResult;
import java.util.Set;

/**
 * The {@code report} tool: the model (or the autopilot) hands over what the run found and gets back
 * {@code report.html} (self-contained, plots embedded) and {@code report.md} (plots as PNG files)
 * in the workspace.
 */
public final class ReportTool implements Tool<ReportInput> {
  private final ReportWriter writer = new ReportWriter();

  @Override
  public String name() {
    return "report";
  }

  @Override
  public String description() {
    return ToolDescriptions.load(ReportTool.class, name());
  }

  @Override
  public Class<ReportInput> inputType() {
    return ReportInput.class;
  }

  @Override
  public Set<Effect> effects(ReportInput input) {
    return Set.of(Effect.WRITE);
  }

  @Override
  public ToolResult call(ReportInput input, ToolContext context) {
    ReportWriter.Written written = writer.write(input, context.workspace());
    return ToolResult.of(
        "Report written: "
            + context.workspace().relativize(written.html())
            + " and "
            + context.workspace().relativize(written.markdown())
            + " ("
            + written.images().size()
            + " plots).");
  }
}
