package dev.mlintern.app;

import dev.mlintern.compute.Compute;
import dev.mlintern.core.SessionHook;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tools.EditTool;
import dev.mlintern.core.tools.ListTool;
import dev.mlintern.core.tools.PlanTool;
import dev.mlintern.core.tools.ReadTool;
import dev.mlintern.core.tools.ShellTool;
import dev.mlintern.core.tools.WriteTool;
import dev.mlintern.research.Research;
import dev.mlintern.research.tool.LibraryTool;
import dev.mlintern.research.tool.PapersTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every tool a session offers, built from the settings, plus what sessions need from the modules behind them:
 * hooks run when a session ends (cancel its jobs) and pinned state kept through compaction.
 */
final class ToolSet implements AutoCloseable {
  private final List<Tool<?>> tools;
  private final List<SessionHook> hooks;
  private final Map<String, Supplier<String>> pinned;
  private final List<AutoCloseable> resources;
  private final Compute compute;

  private ToolSet(List<Tool<?>> tools, List<SessionHook> hooks, Map<String, Supplier<String>> pinned,
      List<AutoCloseable> resources, Compute compute) {
    this.tools = List.copyOf(tools);
    this.hooks = List.copyOf(hooks);
    this.pinned = Map.copyOf(pinned);
    this.resources = List.copyOf(resources);
    this.compute = compute;
  }

  /**
   * The standard tools: workspace and shell (core), papers and library (research), jobs, experiments and diagnose
   * (compute). Opening it settles jobs that ended while no mlintern process watched and cancels the jobs of
   * sessions that are no longer running.
   */
  static ToolSet standard(Settings settings, SessionEvents events) {
    List<Tool<?>> tools = new ArrayList<>(List.of(
        new PlanTool(), new ReadTool(), new WriteTool(), new EditTool(), new ListTool(),
        ShellTool.forHome(settings.home())));
    Research research = Research.fromSettings(settings);
    tools.add(new PapersTool(research));
    tools.add(new LibraryTool(research.library()));
    Compute compute = Compute.open(settings);
    compute.jobs().sweep(compute.leases()::running, event -> {});
    tools.addAll(compute.tools());
    SessionHook endJobs = (sessionId, interrupted) -> {
      compute.jobs().endSession(sessionId, event -> events.append(sessionId, event));
      compute.leases().release(sessionId);
    };
    return new ToolSet(tools, List.of(endJobs), Map.of(), List.of(compute), compute);
  }

  /** Marks a session as running in this process, so another process's sweep leaves its jobs alone. */
  void sessionStarted(String sessionId) {
    compute.leases().acquire(sessionId);
  }

  /** Cancels a job on behalf of a person (web UI), recording what happened in the job's session. */
  void cancelJob(String jobId, java.util.function.Consumer<dev.mlintern.core.event.AgentEvent> events) {
    compute.jobs().cancel(jobId, events);
  }

  List<Tool<?>> all() {
    return tools;
  }

  List<SessionHook> hooks() {
    return hooks;
  }

  Map<String, Supplier<String>> pinned() {
    return pinned;
  }

  @Override
  public void close() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        // closing is best effort: the process is ending
      }
    }
  }

  /** Where module events about a session (a cancelled job, say) are recorded. */
  interface SessionEvents {
    void append(String sessionId, dev.mlintern.core.event.AgentEvent event);
  }
}
