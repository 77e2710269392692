package dev.mlintern.cli;

import dev.mlintern.app.Config;
import dev.mlintern.app.Mlintern;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.mcp.McpToolServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mlintern mcp}: serves mlintern's research, data, compute and look-up tools over MCP on
 * stdio, under the names the agent uses, for Claude Code, Cursor or another agent. stdout carries
 * only the protocol. The workspace tools (read, write, shell …) are left out: the calling agent has
 * its own.
 */
@Command(
    name = "mcp",
    description =
        "Serve mlintern's tools (papers, library, hub, dataset, jobs, experiments, diagnose, docs,"
            + " github, web_search, web_fetch) over MCP on stdio.")
final class McpCommand implements Callable<Integer> {
  static final Set<String> SERVED =
      Set.of(
          "papers",
          "library",
          "hub",
          "dataset",
          "jobs",
          "experiments",
          "diagnose",
          "docs",
          "github",
          "web_search",
          "web_fetch");

  @Option(
      names = "--workspace",
      paramLabel = "DIR",
      description = "The folder relative paths refer to (default: the current folder).")
  Path workspace = Path.of("");

  private final Config config;
  private final InputStream in;
  private final OutputStream out;

  McpCommand(Config config, InputStream in, OutputStream out) {
    this.config = config;
    this.in = in;
    this.out = out;
  }

  @Override
  public Integer call() throws InterruptedException {
    // serving must not start the configured MCP servers: one of them may be this very command
    Config serving =
        new Config(config.settings().with("MLINTERN_MCP_CLIENTS", "off"), config.modelSpec());
    try (Mlintern engine = Mlintern.open(serving)) {
      List<Tool<?>> tools = engine.tools().stream().filter(t -> SERVED.contains(t.name())).toList();
      ToolContext context = ToolContext.standalone(workspace.toAbsolutePath().normalize());
      McpToolServer.serve(tools, context, new Version().getVersion()[0], in, out);
    }
    return 0;
  }
}
