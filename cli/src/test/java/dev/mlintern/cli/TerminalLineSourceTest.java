package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chat prompt's line editor over a virtual terminal fed with keystrokes: completion, history,
 * Ctrl-C, Ctrl-D.
 */
class TerminalLineSourceTest {
  @TempDir Path home;
  private final ByteArrayOutputStream screen =
      new ByteArrayOutputStream(); // synchronized writes and reads

  private TerminalLineSource typing(String keys) throws IOException {
    Terminal terminal =
        TerminalBuilder.builder()
            .system(false)
            .type("xterm")
            .streams(new ByteArrayInputStream(keys.getBytes(StandardCharsets.UTF_8)), screen)
            .build();
    return new TerminalLineSource(
        terminal, home.resolve("chat-history"), new SlashCompleter(ChatCommand.SLASH_COMMANDS));
  }

  private static List<String> readAll(TerminalLineSource source) {
    List<String> lines = new ArrayList<>();
    String line;
    while ((line = source.readLine("> ")) != null) {
      lines.add(line);
    }
    return lines;
  }

  @Test
  void tabCompletesAUniqueSlashCommand() throws IOException {
    try (TerminalLineSource source = typing("/pl\t\r/comp\t\r")) {
      assertThat(readAll(source)).extracting(String::strip).containsExactly("/plan", "/compact");
    }
  }

  @Test
  void tabCompletesOnlyTheFirstWordSoMessagesStayFreeText() throws IOException {
    try (TerminalLineSource source = typing("see /pl\t\r")) {
      assertThat(readAll(source)).containsExactly("see /pl");
    }
  }

  @Test
  void linesAreWrittenToTheHistoryFileAndRecalledNextTime() throws IOException {
    try (TerminalLineSource source = typing("train a tiny model\r/status\r")) {
      assertThat(readAll(source)).containsExactly("train a tiny model", "/status");
    }
    assertThat(Files.readString(home.resolve("chat-history")))
        .contains("train a tiny model", "/status");
    // a new session: Ctrl-P twice (Up) recalls the older line from the file
    try (TerminalLineSource source = typing("\020\020\r")) {
      assertThat(readAll(source)).containsExactly("train a tiny model");
    }
  }

  @Test
  void ctrlCClearsTheLineAndTwiceOnAnEmptyLineEndsInput() throws Exception {
    PipedOutputStream keys = new PipedOutputStream();
    Terminal terminal =
        TerminalBuilder.builder()
            .system(false)
            .type("xterm")
            .streams(new PipedInputStream(keys), screen)
            .build();
    ExecutorService person = Executors.newSingleThreadExecutor();
    try (TerminalLineSource source =
        new TerminalLineSource(
            terminal,
            home.resolve("chat-history"),
            new SlashCompleter(ChatCommand.SLASH_COMMANDS))) {
      Future<String> first = prompt(person, source);
      press(keys, "half a thought", "half a thought");
      press(keys, "\003", "> ");
      press(keys, "hello\r", "hello");
      assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("hello");

      Future<String> second = prompt(person, source);
      press(keys, "\003", TerminalLineSource.QUIT_HINT);
      assertThat(second.isDone()).as("one Ctrl-C on an empty line only warns").isFalse();
      keys.write(3);
      keys.flush();
      assertThat(second.get(10, TimeUnit.SECONDS)).isNull();
    } finally {
      person.shutdownNow();
    }
  }

  /**
   * Opens a prompt on the person's thread and waits until it is on the screen, so keys reach the
   * line editor.
   */
  private Future<String> prompt(ExecutorService person, TerminalLineSource source) {
    int before = screen.size();
    Future<String> line = person.submit(() -> source.readLine("> "));
    awaitScreen(before, "> ");
    return line;
  }

  /**
   * Types {@code text}, then waits until the screen shows {@code expected} after what it showed
   * before.
   */
  private void press(PipedOutputStream keys, String text, String expected) throws IOException {
    int before = screen.size();
    keys.write(text.getBytes(StandardCharsets.UTF_8));
    keys.flush();
    awaitScreen(before, expected);
  }

  private void awaitScreen(int before, String expected) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!screenAfter(before).contains(expected)) {
      assertThat(System.nanoTime())
          .as("screen never showed %s: %s", expected, screenAfter(0))
          .isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  private String screenAfter(int offset) {
    byte[] all = screen.toByteArray();
    return new String(all, offset, all.length - offset, StandardCharsets.UTF_8);
  }

  @Test
  void approvalAnswersStayOutOfTheHistoryFile() throws IOException {
    try (TerminalLineSource source = typing("run it\ry\r")) {
      assertThat(source.readLine("> ")).isEqualTo("run it");
      assertThat(source.readAnswer("approve? ")).isEqualTo("y");
    }
    assertThat(Files.readAllLines(home.resolve("chat-history")))
        .hasSize(1)
        .allMatch(line -> line.endsWith("run it"));
  }

  @Test
  void ctrlDEndsInput() throws IOException {
    try (TerminalLineSource source = typing("hello\r\004")) {
      assertThat(readAll(source)).containsExactly("hello");
    }
  }

  @Test
  void completerOffersEveryCommandOnAnEmptyLine() {
    var reader = org.jline.reader.LineReaderBuilder.builder().build();
    SlashCompleter completer = new SlashCompleter(ChatCommand.SLASH_COMMANDS);
    List<org.jline.reader.Candidate> all = new ArrayList<>();
    completer.complete(reader, reader.getParser().parse("", 0), all);
    assertThat(all)
        .extracting(org.jline.reader.Candidate::value)
        .containsExactlyElementsOf(ChatCommand.SLASH_COMMANDS);
  }
}
