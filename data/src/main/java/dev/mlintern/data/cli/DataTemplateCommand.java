package dev.mlintern.data.cli;

import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.posttrain.ChatTemplater;
import dev.mlintern.data.posttrain.ChoiceLayout;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern data template PATH --layout gpqa|mmlu|arc|sciq|qa --out OUT [--map role=column]
 * [--seed N]}: multiple-choice or QA rows into chat rows with shuffled, lettered options; prints
 * the output path, row count and hash, and the rows skipped with why.
 */
@Command(
    name = "template",
    description = "Turn multiple-choice or QA rows into chat messages (options shuffled).",
    mixinStandardHelpOptions = true)
public final class DataTemplateCommand implements Callable<Integer> {
  @ParentCommand DataCommand parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH|hf:ID")
  String source;

  @Option(names = "--layout", required = true, description = "gpqa, mmlu, arc, sciq or qa")
  String layout;

  @Option(names = "--out", required = true, description = "output file (.jsonl or .parquet)")
  Path out;

  @Option(
      names = "--map",
      description = "role=column (roles: question, answer, wrong, choices, label, id)")
  Map<String, String> mapping = new LinkedHashMap<>();

  @Option(names = "--seed", description = "seed for shuffling the options (default 0)")
  long seed;

  @Override
  public Integer call() {
    Map<String, String> columns = ChoiceLayout.parse(layout).columns(mapping);
    ChatTemplater.Result result;
    try (DataEngine engine = CommandSupport.engine(parent.settings())) {
      result =
          new ChatTemplater(engine)
              .template(
                  engine.load("data", CommandSupport.source(parent.settings(), source)),
                  columns,
                  seed,
                  out);
    }
    spec.commandLine().getOut().print(result.summary(result.output().path()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
