package dev.mlintern.data.cli;

import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.posttrain.Difficulty;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern data difficulty PATH --predictions P [--predictions P2 …] [--model baseline]
 * [--min 0] [--max 1] --out OUT}: joins evaluate's per-item predictions back to the evaluated rows
 * and keeps those whose pass rate is within [min, max].
 */
@Command(
    name = "difficulty",
    description = "Keep the rows a model gets right within a pass-rate range (from evaluate).",
    mixinStandardHelpOptions = true)
public final class DataDifficultyCommand implements Callable<Integer> {
  @ParentCommand DataCommand parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH|hf:ID", description = "the rows that were evaluated")
  String source;

  @Option(
      names = "--predictions",
      required = true,
      description = "evaluate's predictions.jsonl; repeat for several runs (averaged)")
  List<Path> predictions;

  @Option(names = "--model", description = "model tag in the predictions (default baseline)")
  String model;

  @Option(names = "--min", description = "lowest pass rate kept (default 0)")
  double min = 0;

  @Option(names = "--max", description = "highest pass rate kept (default 1)")
  double max = 1;

  @Option(names = "--out", required = true, description = "output file (.jsonl or .parquet)")
  Path out;

  @Override
  public Integer call() {
    Difficulty.Result result;
    try (DataEngine engine = CommandSupport.engine(parent.settings())) {
      result =
          new Difficulty(engine)
              .filter(
                  engine.load("data", CommandSupport.source(parent.settings(), source)),
                  predictions,
                  model,
                  min,
                  max,
                  out);
    }
    spec.commandLine().getOut().print(result.summary(result.output().path()));
    spec.commandLine().getOut().flush();
    return 0;
  }
}
