package dev.mlintern.cli;

import dev.mlintern.app.Config;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * Assembles the command tree by hand: the root, the engine's commands here, and the commands each
 * capability module contributes, styled alike by {@link CommandStyle}: help on every command, one
 * error line, exit 2 for usage errors and 1 for failures.
 */
final class Commands {
  private Commands() {}

  static CommandLine build(
      Config config,
      Map<String, String> env,
      java.io.InputStream in,
      PrintWriter out,
      PrintWriter err) {
    CommandLine line = new CommandLine(new RootCommand());
    line.addSubcommand("run", new RunCommand(config, in));
    line.addSubcommand("chat", new ChatCommand(config, in));
    line.addSubcommand("resume", new ResumeCommand(config, in));
    line.addSubcommand("sessions", new SessionsCommand(config));
    line.addSubcommand("doctor", new DoctorCommand(config, env));
    line.addSubcommand("mcp", new McpCommand(config, in, System.out));
    line.addSubcommand(new dev.mlintern.research.cli.PapersCommand(config.settings()));
    line.addSubcommand(new dev.mlintern.research.cli.LibraryCommand(config.settings()));
    line.addSubcommand(new dev.mlintern.compute.cli.JobsCommand(config.settings()));
    line.addSubcommand(new dev.mlintern.compute.cli.ExperimentsCommand(config.settings()));
    line.addSubcommand(
        new dev.mlintern.data.cli.DataCommand(
            config.settings(), new dev.mlintern.app.PricedModels(config.settings())));
    line.addSubcommand(new dev.mlintern.data.cli.HubCommand(config.settings()));
    line.addSubcommand("bench", dev.mlintern.cli.bench.BenchCommand.create(config));
    line.addSubcommand(
        "demo",
        new CommandLine(new dev.mlintern.cli.bench.DemoCommand(config))
            .addSubcommand("llm", new DemoLlmCommand(config, in)));
    line.addSubcommand(
        "web",
        new dev.mlintern.web.cli.WebCommand(config.settings(), () -> WebEngines.open(config)));
    line.addSubcommand("help", new HelpCommand());
    line.setOut(out);
    line.setErr(err);
    CommandStyle.apply(line);
    return line;
  }
}
