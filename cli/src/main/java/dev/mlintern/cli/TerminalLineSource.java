package dev.mlintern.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The person's lines from a real terminal, through a JLine line editor: editing, history kept in a
 * file, tab completion. Ctrl-C at a prompt clears the line; on an empty line, twice in a row ends
 * input (as Ctrl-D does). While no prompt is open, Ctrl-C goes to the {@link #onInterrupt} action
 * through the terminal's own signal handling, so JLine, which swaps its handler in and out around
 * each prompt, never leaves SIGINT unhandled.
 */
final class TerminalLineSource implements LineSource {
  static final String QUIT_HINT = "(Ctrl-C again or Ctrl-D to quit)";

  private final Terminal terminal;
  private final LineReader reader;
  private final LineReader answers;
  private boolean interruptedOnce;

  TerminalLineSource(Terminal terminal, Path historyFile, Completer completer) {
    this.terminal = terminal;
    this.reader =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("mlintern")
            .completer(completer)
            .variable(LineReader.HISTORY_FILE, historyFile)
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .option(LineReader.Option.HISTORY_IGNORE_SPACE, true)
            .build();
    this.answers =
        LineReaderBuilder.builder()
            .terminal(terminal)
            .appName("mlintern")
            .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
            .build();
  }

  /**
   * The process's own terminal; prompts and echo go to stderr when it is a terminal, so stdout
   * stays the result.
   */
  static TerminalLineSource open(Path historyFile, Completer completer) {
    try {
      Terminal terminal =
          TerminalBuilder.builder()
              .system(true)
              .systemOutput(TerminalBuilder.SystemOutput.SysErrOrSysOut)
              .dumb(true)
              .build();
      return new TerminalLineSource(terminal, historyFile, completer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String readLine(String prompt) {
    return read(reader, prompt);
  }

  private String read(LineReader editor, String prompt) {
    while (true) {
      try {
        String line = editor.readLine(prompt);
        interruptedOnce = false;
        return line;
      } catch (EndOfFileException e) {
        return null;
      } catch (UserInterruptException e) {
        if (!e.getPartialLine().isEmpty()) {
          interruptedOnce = false;
        } else if (interruptedOnce) {
          return null;
        } else {
          interruptedOnce = true;
          terminal.writer().println(QUIT_HINT);
          terminal.flush();
        }
      }
    }
  }

  /** Answers go through a second editor on the same terminal, whose history stays in memory. */
  @Override
  public String readAnswer(String prompt) {
    return read(answers, prompt);
  }

  @Override
  public void onInterrupt(Runnable action) {
    terminal.handle(Terminal.Signal.INT, signal -> action.run());
  }

  @Override
  public void close() {
    try {
      reader.getHistory().save();
      terminal.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
