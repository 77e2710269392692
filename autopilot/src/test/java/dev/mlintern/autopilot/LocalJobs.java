package dev.mlintern.autopilot;

import dev.mlintern.autopilot.bench.BenchRunner;
import dev.mlintern.compute.Compute;
import dev.mlintern.core.SessionHook;
import dev.mlintern.core.builtin.ReadTool;
import dev.mlintern.core.builtin.WriteTool;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.store.SessionStore;
import dev.mlintern.core.tool.Tool;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real path trials take (written here for the tests): the compute module opened on a temporary
 * home, its jobs tool running local jobs with {@code python} (Debian's, or a stand-in), core's
 * write and read tools, and the hook that cancels a session's jobs when it ends.
 */
final class LocalJobs implements AutoCloseable {
  final Compute compute;

  LocalJobs(Path home, String python) {
    this.compute = Compute.open(Settings.of(home, Map.of("MLINTERN_PYTHON", python)));
  }

  LocalJobs(Path home) {
    this(home, "/usr/bin/python3");
  }

  List<Tool<?>> tools(Tool<?>... more) {
    List<Tool<?>> tools = new ArrayList<>(compute.tools());
    tools.add(new WriteTool());
    tools.add(new ReadTool());
    tools.addAll(List.of(more));
    return tools;
  }

  List<SessionHook> hooks() {
    return List.of((sessionId, interrupted) -> compute.jobs().endSession(sessionId, e -> {}));
  }

  BenchRunner runner(ChatModel model, SessionStore store, PrintWriter err, Tool<?>... more) {
    return new BenchRunner(model, tools(more), hooks(), store, Clock.systemUTC(), err);
  }

  @Override
  public void close() {
    compute.close();
  }
}
