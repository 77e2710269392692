package dev.mlintern.core.tool;

import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.secret.Secrets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a running tool may touch: its session's workspace folder, an event sink for progress (job
 * status, metrics, plan updates), the session's secrets (by name; values never go back to the
 * model) and a cancellation flag it should poll in long work.
 */
public record ToolContext(
    String sessionId,
    String callId,
    Path workspace,
    Consumer<AgentEvent> events,
    Secrets secrets,
    BooleanSupplier cancellation) {

  public boolean cancelled() {
    return cancellation.getAsBoolean();
  }

  public void emit(AgentEvent event) {
    events.accept(event);
  }

  /**
   * Reports money this call actually spent, e.g. the cost of a paid job once it is known; the same
   * as {@link #reportSpend(String, double, String, boolean)} for this call's own id.
   */
  public void reportSpend(double usd, String note, boolean complete) {
    reportSpend(callId, usd, note, complete);
  }

  /**
   * Reports what the call {@code chargedCallId} of this session actually spent, so the session's
   * USD budget counts the actual cost instead of the estimate that call gave at approval ({@link
   * Tool#estimateUsd}). {@code usd} is that call's cost so far — cumulative: report the running
   * total, not increments — and {@code complete} marks the final figure. Until complete the budget
   * keeps whichever is larger, the estimate or {@code usd}; once complete it counts exactly {@code
   * usd} (less than the estimate gives money back). Recorded as a {@code spend} event; the
   * session's stored cost follows it.
   *
   * <p>How compute uses it: keep the id of the call that submitted a paid job with the job (e.g. a
   * label {@code call=<callId>}). Whenever the job's cost becomes known — a later {@code jobs
   * status} call, a wait, a monitor thread holding the submitting call's context — report it
   * through a context of the same session:
   *
   * <pre>{@code
   * context.reportSpend(job.label("call"), hours * usdPerHour, "HF Jobs a10g-small, 0.6 h", job.finished());
   * }</pre>
   *
   * Report through a {@code ToolContext} of the running session, not straight to the store: only
   * the session turns the report into a budget change. Outside a session ({@link #standalone}) the
   * report goes nowhere.
   */
  public void reportSpend(String chargedCallId, double usd, String note, boolean complete) {
    if (!Double.isFinite(usd) || usd < 0) {
      throw new IllegalArgumentException(
          "spend must be a finite, non-negative amount of USD: " + usd);
    }
    emit(new AgentEvent.Spend(chargedCallId, usd, 0, note, complete));
  }

  /** The folder of a project that holds one folder per session for what its runs produce. */
  public static final String RUNS = "mlintern-runs";

  /**
   * Where, relative to {@code workspace}, a session's tools put files nobody named (saved reports,
   * spilled output, the run report): {@code mlintern-runs/<session>/} when the session works in a
   * project (that folder exists), else "" (the session's private workspace itself).
   */
  public static String outputsFolder(Path workspace, String sessionId) {
    String run = RUNS + "/" + sessionId + "/";
    return Files.isDirectory(workspace.resolve(run)) ? run : "";
  }

  /** This session's {@link #outputsFolder}, as a path. */
  public Path outputs() {
    return workspace.resolve(outputsFolder(workspace, sessionId));
  }

  /** Resolves a model-supplied path inside the workspace, refusing anything that escapes it. */
  public Path resolve(String relative) {
    return WorkspacePaths.resolve(workspace, relative);
  }

  /** A context for tools called outside a session (CLI commands, tests). */
  public static ToolContext standalone(Path workspace) {
    return new ToolContext("none", "none", workspace, e -> {}, Secrets.none(), () -> false);
  }
}
