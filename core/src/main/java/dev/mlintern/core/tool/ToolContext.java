package dev.mlintern.core.tool;

import dev.mlintern.core.event.AgentEvent;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What a running tool may touch: its session's workspace folder, an event sink for progress (job status,
 * metrics, plan updates), the session's secrets (by name; values never go back to the model) and a
 * cancellation flag it should poll in long work.
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

  /** Resolves a model-supplied path inside the workspace, refusing anything that escapes it. */
  public Path resolve(String relative) {
    return WorkspacePaths.resolve(workspace, relative);
  }

  /** A context for tools called outside a session (CLI commands, tests). */
  public static ToolContext standalone(Path workspace) {
    return new ToolContext("none", "none", workspace, e -> {}, Secrets.none(), () -> false);
  }
}
