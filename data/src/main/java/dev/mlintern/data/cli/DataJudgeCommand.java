package dev.mlintern.data.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.data.DataException;
import dev.mlintern.data.posttrain.RubricJudge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern data judge ITEMS.jsonl --judge SPEC [--out GRADES.jsonl]}: scores each item's
 * {@code answer} against its {@code rubrics} with an LLM judge and prints the mean score, the
 * judge's calls, tokens and cost, and (for items labelled by people, like the bundled {@code
 * judge-agreement.jsonl}) the judge's agreement with them.
 */
@Command(
    name = "judge",
    description = "Score answers against per-item rubrics with an LLM judge.",
    mixinStandardHelpOptions = true)
public final class DataJudgeCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @ParentCommand DataCommand parent;
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "ITEMS.jsonl",
      description = "items with prompt, answer and rubrics [{criterion, points, human_met?}]")
  Path items;

  @Option(names = "--judge", required = true, description = "judge model spec")
  String judge;

  @Option(names = "--out", description = "write one grade per item here (.jsonl)")
  Path out;

  @Override
  public Integer call() throws Exception {
    List<JsonNode> rows = read(items);
    ChatModel model = parent.models().create(judge);
    RubricJudge.Report report =
        new RubricJudge(model, usage -> parent.models().costUsd(judge, usage)).grade(rows);
    if (out != null) {
      StringBuilder lines = new StringBuilder();
      for (RubricJudge.Graded g : report.items()) {
        lines.append(JSON.writeValueAsString(g)).append('\n');
      }
      Files.writeString(out, lines);
    }
    spec.commandLine().getOut().print(report.summary());
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static List<JsonNode> read(Path file) {
    List<JsonNode> rows = new ArrayList<>();
    try {
      int line = 0;
      for (String text : Files.readAllLines(file)) {
        line++;
        if (!text.isBlank()) {
          try {
            rows.add(JSON.readTree(text));
          } catch (IOException e) {
            throw new DataException(
                DataException.Kind.BAD_INPUT, file + " line " + line + " is not JSON");
          }
        }
      }
    } catch (IOException e) {
      throw new DataException(DataException.Kind.BAD_INPUT, "cannot read " + file + ": " + e);
    }
    return rows;
  }
}
