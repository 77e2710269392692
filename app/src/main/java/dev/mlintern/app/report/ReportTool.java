package dev.mlintern.app.report;

import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolResult;
import java.nio.file.Path;
import java.util.Set;

/**
 * The {@code report} tool: the model (or the autopilot) hands over what the run found and gets back
 * {@code report.html} (self-contained, plots embedded), {@code report.md} (plots as PNG files) and
 * {@code result.json} in the session's run folder ({@code mlintern-runs/<session>/} of a project)
 * or, for a session with a private workspace, the workspace itself.
 */
public final class ReportTool extends DescribedTool<ReportInput> {
  private final ReportWriter writer = new ReportWriter();

  public ReportTool() {
    super("report", ReportInput.class);
  }

  @Override
  public Set<Effect> effects(ReportInput input) {
    return Set.of(Effect.WRITE);
  }

  @Override
  public ToolResult call(ReportInput input, ToolContext context) {
    Path folder = context.outputs();
    ReportWriter.Written written = writer.write(input, folder);
    RunResult result = new RunResult(input);
    result.write(folder.resolve("result.json"));
    return ToolResult.of(
        ("Report written: "
                + context.workspace().relativize(written.html())
                + " and "
                + context.workspace().relativize(written.markdown())
                + " ("
                + written.images().size()
                + " plots). "
                + result.verdict())
            .strip());
  }
}
