package dev.mlintern.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Where a session command reads the person's lines (messages, approval answers); null means end of
 * input. Plain streams for pipes and tests ({@link #of}), a line editor for a real terminal ({@link
 * TerminalLineSource}).
 */
interface LineSource extends AutoCloseable {
  String readLine(String prompt);

  /**
   * Reads a short answer to a question (an approval), which a line editor keeps out of its history.
   */
  default String readAnswer(String prompt) {
    return readLine(prompt);
  }

  /** Routes Ctrl-C that arrives outside a prompt (while a turn runs) to {@code action}. */
  default void onInterrupt(Runnable action) {
    Interrupts.onInterrupt(action);
  }

  @Override
  default void close() {}

  /** Plain lines from a stream, prompts to stderr: pipes, scripts and tests. */
  static LineSource of(InputStream in, PrintWriter err) {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    return prompt -> {
      err.print(prompt);
      err.flush();
      try {
        return reader.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    };
  }
}
