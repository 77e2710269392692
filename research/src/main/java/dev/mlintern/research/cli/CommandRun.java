package dev.mlintern.research.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.research.ResearchException;
import java.io.PrintWriter;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How the research commands end: the result on stdout (text, or JSON with {@code --json}), a
 * failure as one line on stderr. A malformed id or query is a usage error (exit 2); a paper that is
 * not found or a source that cannot be reached is a failure (exit 1).
 */
final class CommandRun {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** What a command computes: text for people and a value for {@code --json}. */
  record Output(String text, Object json) {}

  @FunctionalInterface
  interface Body {
    Output run();
  }

  private CommandRun() {}

  static int run(CommandSpec spec, boolean json, Body body) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      Output output = body.run();
      out.print(json ? JSON.writeValueAsString(output.json()) + "\n" : output.text());
      out.flush();
      return 0;
    } catch (ResearchException e) {
      err.println(
          "mlintern " + spec.qualifiedName().replace("mlintern ", "") + ": " + e.getMessage());
      err.flush();
      return e.kind() == ResearchException.Kind.BAD_REQUEST ? 2 : 1;
    } catch (ToolException e) {
      err.println(
          "mlintern " + spec.qualifiedName().replace("mlintern ", "") + ": " + e.getMessage());
      err.flush();
      return 2;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
