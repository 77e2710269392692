package dev.mlintern.testkit.bench;

import dev.mlintern.core.AgentSession;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.ToolCall;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.store.SqliteSessionStore;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.testkit.ScriptedChatModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark of the loop (a separate command, never a test): per-iteration overhead with a scripted
 * model and a no-op tool, on the real SQLite store; time to resume a 300-iteration session from a
 * fresh store; heap held by the resumed session. Run: {@code scripts/bench-core.sh}.
 */
public final class LoopBenchmark {
  static final int ITERATIONS = 300;
  static final int ROUNDS = 5;
  static final int RESULT_CHARS = 2000;

  public record Nothing(@Param(value = "ignored", optional = true) String text) {}

  /** Does nothing, fast. */
  static final class Noop implements Tool<Nothing> {
    final String result;

    Noop(String result) {
      this.result = result;
    }

    public String name() {
      return "noop";
    }

    public String description() {
      return "does nothing";
    }

    public Class<Nothing> inputType() {
      return Nothing.class;
    }

    public ToolResult call(Nothing input, ToolContext context) {
      return ToolResult.of(result);
    }
  }

  public static void main(String[] args) throws Exception {
    Path home = Files.createTempDirectory("mlintern-bench");
    List<Long> gaps = new ArrayList<>();
    String lastSession = null;
    try (SqliteSessionStore store =
        new SqliteSessionStore(
            home.resolve("mlintern.db"), Secrets.none(), java.time.Clock.systemUTC())) {
      for (int round = 0; round <= ROUNDS; round++) {
        boolean heavy = round == ROUNDS;
        List<Long> stamps = new ArrayList<>();
        ScriptedChatModel model = new ScriptedChatModel("bench");
        model.otherwise(
            request -> {
              stamps.add(System.nanoTime());
              return stamps.size() < ITERATIONS
                  ? model.response(
                      "",
                      List.of(
                          new ToolCall(
                              model.nextId(), "noop", "{\"text\": \"" + stamps.size() + "\"}")),
                      StopReason.TOOL_USE)
                  : model.response("done", List.of(), StopReason.END_TURN);
            });
        AgentSession session =
            AgentSession.builder(model, store)
                .tools(List.of(new Noop(heavy ? "x".repeat(RESULT_CHARS) : "ok")))
                .workspaceRoot(home.resolve("ws"))
                .systemPrompt("bench")
                .start("run " + ITERATIONS + " no-op calls");
        session.currentTurn().join();
        session.close();
        lastSession = session.id();
        if (round > 0 && !heavy) {
          for (int i = 1; i < stamps.size(); i++) {
            gaps.add(stamps.get(i) - stamps.get(i - 1));
          }
        }
      }
    }
    Collections.sort(gaps);
    System.out.printf(
        Locale.ROOT,
        "loop overhead per iteration (model call to model call, %d iterations after warm-up):"
            + " median %.3f ms, p90 %.3f ms, p99 %.3f ms%n",
        gaps.size(),
        ms(gaps.get(gaps.size() / 2)),
        ms(gaps.get(gaps.size() * 9 / 10)),
        ms(gaps.get(gaps.size() * 99 / 100)));

    Runtime runtime = Runtime.getRuntime();
    List<Long> resumes = new ArrayList<>();
    long heapBefore = 0;
    long heapAfter = 0;
    for (int i = 0; i < 5; i++) {
      System.gc();
      heapBefore = runtime.totalMemory() - runtime.freeMemory();
      long start = System.nanoTime();
      SqliteSessionStore store =
          new SqliteSessionStore(
              home.resolve("mlintern.db"), Secrets.none(), java.time.Clock.systemUTC());
      AgentSession resumed =
          AgentSession.builder(new ScriptedChatModel("bench"), store)
              .tools(List.of(new Noop("ok")))
              .resume(lastSession);
      resumes.add(System.nanoTime() - start);
      System.gc();
      heapAfter = runtime.totalMemory() - runtime.freeMemory();
      int messages = resumed.conversation().size();
      if (i == 0) {
        System.out.printf(
            Locale.ROOT,
            "resumed session %s (tool results of %d characters): %d events, %d messages%n",
            lastSession,
            RESULT_CHARS,
            store.events(lastSession).size(),
            messages);
      }
      resumed.detach();
      store.close();
    }
    System.out.printf(
        Locale.ROOT,
        "resume of a %d-iteration session from a fresh store: first %.1f ms, best %.1f ms%n",
        ITERATIONS,
        ms(resumes.get(0)),
        ms(Collections.min(resumes)));
    System.out.printf(
        Locale.ROOT,
        "heap held by the resumed session: %.1f MB (heap in use %.1f MB)%n",
        (heapAfter - heapBefore) / 1048576.0,
        heapAfter / 1048576.0);
    System.out.printf(
        Locale.ROOT,
        "store file: %.1f MB for %d sessions%n",
        Files.size(home.resolve("mlintern.db")) / 1048576.0,
        ROUNDS + 1);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
