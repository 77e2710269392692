package dev.mlintern.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * How a command line was started, as the commands that care see it: when (what a time budget counts
 * from) and whether stderr is a terminal (where {@code run} keeps a progress line).
 *
 * @param started the JVM's start for the {@code mlintern} process; the call's moment for a command
 *     line run in-process
 */
record Launch(Instant started, boolean stderrTerminal) {
  /** This process, as {@code mlintern} was started. */
  static Launch ofProcess() {
    return new Launch(
        ProcessHandle.current().info().startInstant().orElseGet(Instant::now), stderrIsTerminal());
  }

  /** A command line run inside a longer-lived JVM (tests, tools): starting now, no terminal. */
  static Launch inProcess() {
    return new Launch(Instant.now(), false);
  }

  /** Whether stderr is a terminal (Linux: its descriptor links to a tty device). */
  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}
