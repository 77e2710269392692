package dev.mlintern.compute.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mlintern.compute.Flavor;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobView;
import dev.mlintern.compute.MetricPoint;
import dev.mlintern.compute.ledger.TableJson;
import dev.mlintern.core.tool.ToolResult;
import java.util.List;
import java.util.Locale;

/** Renders jobs for the model and the CLI: short, stable text plus structured details for UIs. */
public final class JobText {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_METRICS = 30;

  private JobText() {}

  public static ToolResult status(JobView view) {
    if (view.job().untrusted()) {
      return ToolResult.untrusted("", source(view.job()), describe(view), details(view));
    }
    return ToolResult.of(describe(view), details(view));
  }

  /** Where an untrusted job's text came from, for its envelope. */
  static String source(JobRecord job) {
    return "job " + job.id() + ", which had network or read files from outside";
  }

  /** One paragraph: id, state, exit code, message, latest metrics, result error. */
  public static String describe(JobView view) {
    JobRecord job = view.job();
    StringBuilder text = new StringBuilder(job.id()).append(' ').append(job.state().label());
    if (job.exitCode() != null) {
      text.append(" (exit ").append(job.exitCode()).append(')');
    }
    text.append(" on ").append(job.executor());
    if (job.message() != null && !job.message().isBlank()) {
      text.append(" — ").append(job.message());
    }
    if (job.outputsLocation() != null) {
      text.append("\noutputs: ")
          .append(job.outputsLocation())
          .append(
              job.state().terminal()
                  ? " (bring them here: mlintern jobs fetch " + job.id() + ")"
                  : " (when it ends)");
    }
    if (job.costUsd() != null) {
      text.append(
          String.format(
              Locale.ROOT,
              "\ncost: $%.2f%s (estimated up to $%.2f)",
              job.costUsd(),
              job.state().terminal() ? "" : " so far",
              job.estimatedUsd()));
    }
    if (!view.latest().isEmpty()) {
      text.append("\nmetrics:");
      view.latest().values().stream()
          .limit(MAX_METRICS)
          .forEach(
              p ->
                  text.append(' ')
                      .append(p.name())
                      .append('=')
                      .append(format(p))
                      .append(p.step() == null ? "" : "@" + p.step())
                      .append(','));
      text.setLength(text.length() - 1);
    }
    if (view.result() != null
        && view.result().has("artifacts")
        && view.result().get("artifacts").size() > 0) {
      text.append("\nartifacts: ")
          .append(view.result().get("artifacts"))
          .append(" in ")
          .append(job.outputDir());
    }
    if (!job.state().terminal()) {
      text.append("\nstill ").append(job.state().label()).append("; wait or check again later");
    }
    return text.toString();
  }

  public static ToolResult list(List<JobRecord> jobs) {
    if (jobs.isEmpty()) {
      return ToolResult.of("no jobs yet");
    }
    StringBuilder text = new StringBuilder();
    for (JobRecord job : jobs) {
      text.append(line(job)).append('\n');
    }
    return ToolResult.of(text.toString().strip());
  }

  public static String line(JobRecord job) {
    return String.join(
        "\t",
        job.id(),
        job.state().label(),
        job.executor(),
        job.submittedAt().toString(),
        shorten(String.join(" ", TableJson.readList(job.command())), 80));
  }

  public static ToolResult flavors(List<Flavor> flavors) {
    if (flavors.isEmpty()) {
      return ToolResult.of(
          "this executor offers no hardware flavors; pass cpus, gpus and memory instead");
    }
    StringBuilder text = new StringBuilder("flavor\thardware\tUSD/hour\n");
    for (Flavor f : flavors) {
      text.append(f.name())
          .append('\t')
          .append(f.hardware())
          .append('\t')
          .append(String.format(Locale.ROOT, "%.2f", f.usdPerHour()))
          .append('\n');
    }
    return ToolResult.of(text.toString().strip());
  }

  static String format(MetricPoint p) {
    return MetricPoint.format(p.value());
  }

  private static ObjectNode details(JobView view) {
    JobRecord job = view.job();
    ObjectNode node =
        JSON.createObjectNode()
            .put("id", job.id())
            .put("state", job.state().label())
            .put("executor", job.executor())
            .put("output_dir", job.outputDir().toString());
    if (job.exitCode() != null) {
      node.put("exit_code", job.exitCode());
    }
    if (job.submittedAt() != null && job.endedAt() != null) {
      node.put(
          "seconds",
          java.time.Duration.between(job.submittedAt(), job.endedAt()).toMillis() / 1000.0);
    }
    ObjectNode metrics = node.putObject("metrics");
    view.latest().forEach((name, p) -> metrics.set(name, p.jsonValue()));
    if (view.result() != null) {
      node.set("result", view.result());
    }
    return node;
  }

  private static String shorten(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
