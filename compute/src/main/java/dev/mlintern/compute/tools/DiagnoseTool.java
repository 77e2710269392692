package dev.mlintern.compute.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.mlintern.compute.JobException;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobService;
import dev.mlintern.compute.JobView;
import dev.mlintern.compute.LogQuery;
import dev.mlintern.compute.diagnosis.Finding;
import dev.mlintern.compute.diagnosis.LlmDiagnosis;
import dev.mlintern.compute.diagnosis.RuleDiagnosis;
import dev.mlintern.compute.ledger.TableJson;
import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * The {@code diagnose} tool: why a job failed or is weak, with evidence and concrete next configs.
 * Runs of the LLM post-training recipes are also read by {@link LlmDiagnosis} (reward collapse, KL
 * blow-up, loss spikes, OOM ladder).
 */
public final class DiagnoseTool extends DescribedTool<DiagnoseInput> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int LOG_LINES = 200;
  private final JobService jobs;
  private final LlmDiagnosis llm;

  public DiagnoseTool(JobService jobs) {
    this(jobs, null);
  }

  /** {@code llm} null: the post-training rules are not applied. */
  public DiagnoseTool(JobService jobs, LlmDiagnosis llm) {
    super("diagnose", DiagnoseInput.class);
    this.jobs = jobs;
    this.llm = llm;
  }

  @Override
  public ToolResult call(DiagnoseInput input, ToolContext context) {
    List<Finding> findings;
    try {
      findings = diagnose(jobs, llm, input.id(), context);
    } catch (JobException e) {
      throw new ToolException(
          e.getMessage() + "; pass a job id from the jobs tool (operation list)");
    }
    if (findings.isEmpty()) {
      return ToolResult.of(
          "no problem found in " + input.id() + "; compare it with other runs to judge it");
    }
    StringBuilder text = new StringBuilder();
    ArrayNode details = JSON.createArrayNode();
    for (Finding f : findings) {
      text.append(f.severity()).append(' ').append(f.kind()).append(": ").append(f.summary());
      f.evidence().forEach(e -> text.append("\n  evidence: ").append(e));
      for (int i = 0; i < f.nextConfigs().size(); i++) {
        text.append("\n  try: ").append(f.nextConfigs().get(i));
        if (i < f.notes().size()) {
          text.append("  (").append(f.notes().get(i)).append(')');
        }
      }
      text.append('\n');
      details.add(JSON.valueToTree(f));
    }
    return ToolResult.of(text.toString().strip(), details);
  }

  /** Diagnoses a job by id from its ledger row, log tail, metrics, config and result. */
  public static List<Finding> diagnose(JobService jobs, String id, ToolContext context) {
    return diagnose(jobs, null, id, context);
  }

  /**
   * As {@link #diagnose(JobService, String, ToolContext)}, plus the post-training rules for LLM
   * recipe runs.
   */
  public static List<Finding> diagnose(
      JobService jobs, LlmDiagnosis llm, String id, ToolContext context) {
    jobs.jobOf(context.sessionId(), id);
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
    List<Finding> generic =
        RuleDiagnosis.diagnose(
            new RuleDiagnosis.Input(
                job.state(), job.exitCode(), tail, jobs.metrics(id), config, view.result()));
    if (llm == null) {
      return generic;
    }
    try {
      return LlmDiagnosis.merge(
          generic,
          llm.diagnose(
              TableJson.readList(job.command()), context.workspace(), job.log(), job.outputDir()));
    } catch (JobException e) {
      List<Finding> out = new java.util.ArrayList<>(generic);
      out.add(
          new Finding(
              "post_training_rules_unavailable",
              "warn",
              "the LLM post-training rules could not run: " + e.getMessage(),
              List.of(),
              List.of()));
      return out;
    }
  }
}
