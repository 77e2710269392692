package dev.mlintern.cli;

import java.util.List;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab-completes the REPL's slash commands, and only as the first word of a line: messages stay free
 * text.
 */
final class SlashCompleter implements Completer {
  private final List<String> commands;

  SlashCompleter(List<String> commands) {
    this.commands = List.copyOf(commands);
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    String word = line.word();
    if (line.wordIndex() != 0 || !(word.isEmpty() || word.startsWith("/"))) {
      return;
    }
    for (String command : commands) {
      if (command.startsWith(word)) {
        candidates.add(new Candidate(command));
      }
    }
  }
}
