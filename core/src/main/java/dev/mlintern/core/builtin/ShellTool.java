package dev.mlintern.core.builtin;

import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.core.tool.UntrustedFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * Runs {@code bash -c COMMAND} in the session workspace with a timeout and an output cap. The
 * environment is scrubbed (PATH, HOME=workspace, LANG, TERM only: no keys or tokens), a command
 * that contains a secret value or token shape is refused, and {@link Sandbox} confines it when
 * bwrap works here, without network unless the call asks for it (effect NETWORK). Commands the
 * {@link ShellAllowlist} knows as read-only have effect EXECUTE (run); anything else is
 * EXECUTE_UNLISTED (ask). A command with network, or run while the workspace holds files from
 * outside ({@link UntrustedFiles}), returns its output as untrusted and marks the files it changed.
 */
public final class ShellTool extends DescribedTool<ShellTool.Input> {
  static final int MAX_TIMEOUT_SECONDS = 3600;
  static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  public record Input(
      @Param("the bash command line to run in the workspace") String command,
      @Param(
              value = "seconds before the command is killed (default 120, at most 3600)",
              optional = true)
          Integer timeoutSeconds,
      @Param(
              value =
                  "true to let the command reach the network (downloads, pip install); off by default",
              optional = true)
          Boolean network) {
    public Input(String command, Integer timeoutSeconds) {
      this(command, timeoutSeconds, null);
    }

    boolean networked() {
      return Boolean.TRUE.equals(network);
    }
  }

  private final Sandbox sandbox;
  private final Duration defaultTimeout;
  private final int outputCapBytes;

  public ShellTool(Sandbox sandbox, Duration defaultTimeout, int outputCapBytes) {
    super("shell", Input.class);
    this.sandbox = sandbox;
    this.defaultTimeout = defaultTimeout;
    this.outputCapBytes = outputCapBytes;
  }

  /** The usual setup: 120 s default timeout, 1 MB of output kept. */
  public static ShellTool standard(Sandbox sandbox) {
    return new ShellTool(sandbox, Duration.ofSeconds(120), 1 << 20);
  }

  public Sandbox sandbox() {
    return sandbox;
  }

  @Override
  public Set<Effect> effects(Input input) {
    Effect run = ShellAllowlist.listed(input.command()) ? Effect.EXECUTE : Effect.EXECUTE_UNLISTED;
    return input.networked() ? Set.of(run, Effect.NETWORK) : Set.of(run);
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    String command = input.command();
    if (command.isBlank()) {
      throw new ToolException("command is empty; pass the bash command line to run");
    }
    if (!context.secrets().redact(command).equals(command)) {
      throw new ToolException(
          "the command contains a secret value or an API token; secrets never go on a command "
              + "line. Tools that need a key receive it themselves — rewrite the command without it");
    }
    int seconds =
        input.timeoutSeconds() == null ? (int) defaultTimeout.toSeconds() : input.timeoutSeconds();
    if (seconds < 1 || seconds > MAX_TIMEOUT_SECONDS) {
      throw new ToolException(
          "timeoutSeconds must be between 1 and "
              + MAX_TIMEOUT_SECONDS
              + "; for longer work submit a job instead");
    }
    Path workspace = context.workspace().toAbsolutePath().normalize();
    Map<String, String> env =
        Map.of(
            "PATH",
            PATH,
            "HOME",
            workspace.toString(),
            "LANG",
            "C.UTF-8",
            "TERM",
            "dumb",
            "PYTHONUNBUFFERED",
            "1");
    UntrustedFiles untrusted = UntrustedFiles.of(workspace);
    boolean fromOutside = input.networked() || untrusted.any();
    Instant start = Instant.now();
    ShellProcess.Outcome outcome;
    try {
      outcome =
          ShellProcess.run(
              sandbox.shell(command, workspace, input.networked()),
              workspace,
              env,
              Duration.ofSeconds(seconds),
              outputCapBytes,
              context::cancelled);
    } catch (IOException e) {
      throw new ToolException("could not start bash: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ToolException("the command was interrupted");
    }
    if (fromOutside) {
      untrusted.markChangedSince(start);
    }
    String output = outcome.output().isEmpty() ? "(no output)" : outcome.output().stripTrailing();
    if (outcome.timedOut()) {
      throw new ToolException(
          "the command timed out after "
              + seconds
              + " s and was killed with its child processes. "
              + "Output so far:\n"
              + output
              + "\nRun long work as a job, or pass a larger timeoutSeconds.");
    }
    if (outcome.cancelled()) {
      throw new ToolException(
          "the command was cancelled by the user and killed. Output so far:\n" + output);
    }
    String result = output + "\n[exit code " + outcome.exitCode() + "]";
    return fromOutside
        ? ToolResult.untrusted(
            input.networked()
                ? "a command with network"
                : "a command in a workspace holding files from outside",
            result)
        : ToolResult.of(result);
  }
}
