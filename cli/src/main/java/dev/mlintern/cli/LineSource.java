package dev.mlintern.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Where a session command reads the person's lines (messages, approval answers); null means end of input. */
interface LineSource {
  String readLine(String prompt);

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
