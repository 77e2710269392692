package dev.mlintern.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolDescriptions;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/** The {@code diagnose} tool: why a job failed or is weak, with evidence and concrete next configs. */
public final class DiagnoseTool implements Tool<DiagnoseInput> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LOG_LINES = 200;
  private final JobService jobs;

  public DiagnoseTool(JobService jobs) {
    this.jobs = jobs;
  }

  @Override
  public String name() {
    return "diagnose";
  }

  @Override
  public String description() {
    return ToolDescriptions.load(DiagnoseTool.class, name());
  }

  @Override
  public Class<DiagnoseInput> inputType() {
    return DiagnoseInput.class;
  }

  @Override
  public ToolResult call(DiagnoseInput input, ToolContext context) {
    List<Finding> findings;
    try {
      findings = diagnose(jobs, input.id(), context);
    } catch (JobException e) {
      throw new ToolException(e.getMessage() + "; pass a job id from the jobs tool (operation list)");
    }
    if (findings.isEmpty()) {
      return ToolResult.of("no problem found in " + input.id() + "; compare it with other runs to judge it");
    }
    StringBuilder text = new StringBuilder();
    ArrayNode details = JSON.createArrayNode();
    for (Finding f : findings) {
      text.append(f.severity()).append(' ').append(f.kind()).append(": ").append(f.summary());
      f.evidence().forEach(e -> text.append("\n  evidence: ").append(e));
      f.nextConfigs().forEach(c -> text.append("\n  try: ").append(c));
      text.append('\n');
      details.add(JSON.valueToTree(f));
    }
    return ToolResult.of(text.toString().strip(), details);
  }

  /** Diagnoses a job by id from its ledger row, log tail, metrics, config and result. */
  public static List<Finding> diagnose(JobService jobs, String id, ToolContext context) {
    JobView view = jobs.refresh(id, context::emit);
    JobRecord job = view.job();
    JsonNode config = null;
    try {
      if (Files.exists(job.outputDir().resolve("config.json"))) {
        config = JSON.readTree(job.outputDir().resolve("config.json").toFile());
      }
    } catch (IOException e) {
      config = null;
    }
    List<String> tail = jobs.logs(id, new LogQuery(LOG_LINES, null, null, 20_000)).lines();
    return Diagnosis.diagnose(new Diagnosis.Input(job.state(), job.exitCode(), tail, jobs.metrics(id), config, view.result()));
  }
}
