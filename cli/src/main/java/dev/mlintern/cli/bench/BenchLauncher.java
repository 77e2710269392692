package dev.mlintern.cli.bench;

import dev.mlintern.app.Config;
import dev.mlintern.app.Mlintern;
import dev.mlintern.app.SessionOptions;
import dev.mlintern.app.report.ReportTool;
import dev.mlintern.autopilot.AutopilotModel;
import dev.mlintern.autopilot.bench.BenchResult;
import dev.mlintern.autopilot.bench.BenchRunner;
import dev.mlintern.autopilot.bench.BenchTask;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.tool.Tool;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens the engine and runs one bench task with a model spec: {@code autopilot} (seeded here) or
 * any provider spec the engine resolves. The session gets the engine's tools (the autopilot runs
 * its trials as jobs), the report tool, and the engine's session hooks, so its jobs are cancelled
 * however it ends.
 */
final class BenchLauncher {
  private final Config config;

  BenchLauncher(Config config) {
    this.config = config;
  }

  BenchResult run(
      BenchTask task,
      Duration budget,
      Path out,
      String spec,
      long seed,
      int maxTrials,
      String reproduce,
      PrintWriter err) {
    try (Mlintern engine = Mlintern.open(config)) {
      var settings = config.settings();
      int parallel = Integer.parseInt(settings.get("autopilot.parallel", "2"));
      ChatModel model =
          spec.equals("autopilot")
              ? new AutopilotModel(seed, parallel, maxTrials, Clock.systemUTC())
              : engine.model(SessionOptions.defaults().withModel(spec));
      List<Tool<?>> tools = new ArrayList<>(engine.tools());
      if (tools.stream().noneMatch(t -> t.name().equals("report"))) {
        tools.add(new ReportTool());
      }
      err.println(
          "bench: "
              + task.name()
              + " with "
              + model.name()
              + ", budget "
              + budget.toSeconds()
              + " s, out "
              + out.toAbsolutePath());
      return new BenchRunner(
              model, tools, engine.sessionHooks(), engine.store(), Clock.systemUTC(), err)
          .run(task, budget, out, reproduce);
    }
  }
}
