package dev.mlintern.core.builtin;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One shell command run to completion, timeout or cancellation, with its output (stdout and stderr
 * merged) capped: the first and last {@code cap / 2} bytes are kept. On timeout or cancel the whole
 * process tree is killed: the process group (it runs under {@code setsid} or bwrap's own session)
 * and every descendant.
 */
final class ShellProcess {
  /** How it ended; {@code exitCode} is -1 when killed. */
  record Outcome(String output, int exitCode, boolean timedOut, boolean cancelled, long bytes) {}

  private ShellProcess() {}

  static Outcome run(
      List<String> argv,
      Path workspace,
      Map<String, String> env,
      Duration timeout,
      int cap,
      BooleanSupplier cancelled)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(argv).directory(workspace.toFile()).redirectErrorStream(true);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    HeadTail output = new HeadTail(cap);
    Thread reader = new Thread(() -> output.drain(process.getInputStream()), "shell-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean timedOut = false;
    boolean wasCancelled = false;
    while (!process.waitFor(50, TimeUnit.MILLISECONDS)) {
      if (cancelled.getAsBoolean()) {
        wasCancelled = true;
        break;
      }
      if (System.nanoTime() > deadline) {
        timedOut = true;
        break;
      }
    }
    if (timedOut || wasCancelled) {
      killTree(process);
    }
    reader.join(2000);
    int exit = timedOut || wasCancelled ? -1 : process.exitValue();
    return new Outcome(output.text(), exit, timedOut, wasCancelled, output.total);
  }

  static void killTree(Process process) throws InterruptedException {
    try {
      new ProcessBuilder("kill", "-KILL", "--", "-" + process.pid())
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start()
          .waitFor(5, TimeUnit.SECONDS);
    } catch (IOException ignored) {
      // fall back to the descendants below
    }
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(5, TimeUnit.SECONDS);
  }

  /** Keeps the first and the last {@code cap / 2} bytes of a stream and counts the rest. */
  static final class HeadTail {
    private final byte[] head;
    private final byte[] tail;
    private int headSize;
    private long total;

    HeadTail(int cap) {
      head = new byte[Math.max(1, cap / 2)];
      tail = new byte[Math.max(1, cap / 2)];
    }

    void drain(InputStream in) {
      byte[] buffer = new byte[8192];
      try (in) {
        for (int n; (n = in.read(buffer)) > 0; ) {
          add(buffer, n);
        }
      } catch (IOException ignored) {
        // the process was killed; keep what arrived
      }
    }

    synchronized void add(byte[] buffer, int n) {
      for (int i = 0; i < n; i++) {
        if (headSize < head.length) {
          head[headSize++] = buffer[i];
        } else {
          tail[(int) ((total - head.length) % tail.length)] = buffer[i];
        }
        total++;
      }
    }

    synchronized String text() {
      if (total <= head.length) {
        return new String(head, 0, headSize, StandardCharsets.UTF_8);
      }
      long tailCount = Math.min(tail.length, total - head.length);
      byte[] last = new byte[(int) tailCount];
      long start = total - tailCount;
      for (int i = 0; i < tailCount; i++) {
        last[i] = tail[(int) ((start - head.length + i) % tail.length)];
      }
      long dropped = total - head.length - tailCount;
      String middle = dropped > 0 ? "\n[… " + dropped + " bytes of output dropped …]\n" : "";
      return new String(head, StandardCharsets.UTF_8)
          + middle
          + new String(last, StandardCharsets.UTF_8);
    }
  }
}
