package dev.mlintern.app;

import dev.mlintern.app.pinned.LedgerPin;
import dev.mlintern.app.pinned.RememberTool;
import dev.mlintern.app.report.ReportTool;
import dev.mlintern.compute.Compute;
import dev.mlintern.core.SessionHook;
import dev.mlintern.core.builtin.EditTool;
import dev.mlintern.core.builtin.ListTool;
import dev.mlintern.core.builtin.PlanTool;
import dev.mlintern.core.builtin.ReadTool;
import dev.mlintern.core.builtin.ShellTool;
import dev.mlintern.core.builtin.WriteTool;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.data.tool.DatasetTool;
import dev.mlintern.data.tool.HubTool;
import dev.mlintern.lookup.Lookup;
import dev.mlintern.mcp.McpClients;
import dev.mlintern.research.Research;
import dev.mlintern.research.tool.LibraryTool;
import dev.mlintern.research.tool.PapersTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every tool a session offers, built from the settings, plus what sessions need from the modules
 * behind them: hooks run when a session ends (cancel its jobs) and pinned state kept through
 * compaction.
 */
final class ToolSet implements AutoCloseable {
  private final List<Tool<?>> tools;
  private final List<SessionHook> hooks;
  private final Map<String, Supplier<String>> pinned;
  private final List<AutoCloseable> resources;
  private final Compute compute;
  private final Optional<Path> recipes;
  private final List<String> problems;

  private ToolSet(
      List<Tool<?>> tools,
      List<SessionHook> hooks,
      Map<String, Supplier<String>> pinned,
      List<AutoCloseable> resources,
      Compute compute,
      Optional<Path> recipes,
      List<String> problems) {
    this.tools = List.copyOf(tools);
    this.hooks = List.copyOf(hooks);
    this.pinned = Map.copyOf(pinned);
    this.resources = List.copyOf(resources);
    this.compute = compute;
    this.recipes = recipes;
    this.problems = List.copyOf(problems);
  }

  /**
   * The standard tools: workspace and shell (core), papers and library (research), web_search,
   * web_fetch, github and docs (lookup), the tools of configured MCP servers, jobs, experiments and
   * diagnose (compute), hub and dataset (data), and report. Opening it settles jobs that ended
   * while no mlintern process watched and cancels the jobs of sessions that are no longer running.
   */
  static ToolSet standard(Settings settings, SessionEvents events) {
    Compute compute = Compute.open(settings);
    List<Tool<?>> tools =
        new ArrayList<>(
            List.of(
                new PlanTool(),
                new ReadTool(),
                new WriteTool(),
                new EditTool(),
                new ListTool(),
                ShellTool.standard(compute.sandbox())));
    Research research = Research.fromSettings(settings);
    tools.add(new PapersTool(research));
    tools.add(new LibraryTool(research.library()));
    tools.addAll(Lookup.fromSettings(settings).tools());
    compute.jobs().sweep(compute.leases()::running, event -> {});
    tools.addAll(compute.tools());
    tools.add(HubTool.fromSettings(settings));
    tools.add(DatasetTool.fromSettings(settings, new PricedModels(settings)));
    tools.add(new ReportTool());
    tools.add(new RememberTool());
    McpClients mcp =
        settings.get("MLINTERN_MCP_CLIENTS").filter("off"::equals).isPresent()
            ? McpClients.open(List.of())
            : McpClients.open(settings);
    tools.addAll(mcp.tools());
    SessionHook endJobs =
        (sessionId, interrupted) -> {
          compute.jobs().endSession(sessionId, event -> events.append(sessionId, event));
          compute.leases().release(sessionId);
        };
    return new ToolSet(
        tools,
        List.of(endJobs),
        Map.of("Experiment ledger (best and latest runs)", new LedgerPin(compute.ledger())),
        List.of(compute, mcp),
        compute,
        compute.recipesFolder(),
        mcp.problems());
  }

  /** The same tools and hooks plus {@code extra} (a tool that needs the engine, like research). */
  ToolSet with(Tool<?> extra) {
    List<Tool<?>> more = new ArrayList<>(tools);
    more.add(extra);
    return new ToolSet(more, hooks, pinned, resources, compute, recipes, problems);
  }

  /**
   * Marks a session as running in this process, so another process's sweep leaves its jobs alone,
   * and links the vetted recipes (read-only to the file tools) into its private workspace, so jobs
   * can run {@code python recipes/…}, or into its run folder when it works in a project, which is
   * left as the person keeps it.
   */
  void sessionStarted(String sessionId, Path workspace) {
    compute.leases().acquire(sessionId);
    Path home =
        Project.ofSession(sessionId, workspace).map(p -> p.runFolder(sessionId)).orElse(workspace);
    recipes.ifPresent(
        folder -> {
          Path link = home.resolve("recipes");
          try {
            if (!Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
              Files.createSymbolicLink(link, folder);
            }
          } catch (IOException e) {
            // a workspace without the link still works; recipes can be written into it
          }
        });
  }

  /** Cancels a job on behalf of a person (web UI), recording what happened in the job's session. */
  void cancelJob(String jobId, Consumer<AgentEvent> events) {
    compute.jobs().cancel(jobId, events);
  }

  List<Tool<?>> all() {
    return tools;
  }

  /**
   * Configured tool sources that could not be used (an MCP server that did not start), one line
   * each.
   */
  List<String> problems() {
    return problems;
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
    void append(String sessionId, AgentEvent event);
  }
}
