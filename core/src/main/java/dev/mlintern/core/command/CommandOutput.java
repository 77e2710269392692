package dev.mlintern.core.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a command that has a {@code --json} flag computed: text for people and a value for {@code
 * --json}, printed on the command's stdout. A command that failed throws instead ({@link
 * CommandErrors}).
 */
public record CommandOutput(String text, Object json) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Prints the value as indented JSON when {@code asJson}, else the text; returns exit code 0. */
  public int print(CommandSpec spec, boolean asJson) throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    out.print(asJson ? JSON.writeValueAsString(json) + "\n" : text);
    out.flush();
    return 0;
  }
}
