package dev.mlintern.data.cli;

import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.engine.NGramOverlap;
import dev.mlintern.data.posttrain.SynthesisReport;
import dev.mlintern.data.posttrain.Synthesizer;
import dev.mlintern.data.posttrain.SyntheticFilter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern data synthesize --model SPEC --out ITEMS.jsonl [--seeds ROWS] [--instructions
 * TEXT] [--eval EVAL]}: generates prompt/answer items with a model in batches, within {@code
 * --max-items} and {@code --max-usd}, drops duplicates, near duplicates, items contaminated by the
 * evaluation set and items that break simple quality rules, and writes the survivors with a
 * manifest of what was dropped and why. Prints the output, the generator's calls, tokens and cost.
 */
@Command(
    name = "synthesize",
    description =
        "Generate training items with a model, deduplicated and checked against an eval set.",
    mixinStandardHelpOptions = true)
public final class DataSynthesizeCommand implements Callable<Integer> {
  @ParentCommand DataCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, description = "generator model spec")
  String model;

  @Option(names = "--out", required = true, description = "output file (.jsonl)")
  Path out;

  @Option(names = "--seeds", description = "example rows to imitate: a file or hf:ID")
  String seeds;

  @Option(names = "--instructions", description = "what the items are about")
  String instructions;

  @Option(names = "--eval", description = "evaluation set the items must not overlap")
  String eval;

  @Option(names = "--eval-text", description = "the evaluation set's text column")
  String evalText;

  @Option(names = "--ngram", description = "n-gram length of the contamination check (default 13)")
  int ngram = NGramOverlap.DEFAULT_N;

  @Option(names = "--max-items", description = "stop at this many usable items (default 100)")
  int maxItems = 100;

  @Option(names = "--max-usd", description = "stop before spending more (default 1.0)")
  double maxUsd = 1.0;

  @Option(names = "--batch", description = "items asked for per call (default 10)")
  int batch = 10;

  @Option(names = "--seed", description = "seed for picking example rows (default 0)")
  long seed;

  @Override
  public Integer call() {
    SynthesisReport report;
    try (DataEngine engine = CommandSupport.engine(parent.settings())) {
      Synthesizer.Spec what =
          new Synthesizer.Spec(
              model,
              instructions,
              seeds == null ? List.of() : seedRows(engine),
              maxItems,
              maxUsd,
              batch,
              seed);
      SyntheticFilter.EvalSet evalSet =
          eval == null
              ? null
              : SyntheticFilter.EvalSet.of(
                  engine.load("eval", CommandSupport.source(parent.settings(), eval)),
                  evalText,
                  ngram);
      report =
          new Synthesizer(
                  parent.models().create(model),
                  usage -> parent.models().costUsd(model, usage),
                  engine)
              .run(what, evalSet, out);
    }
    spec.commandLine().getOut().print(report.summary(out));
    spec.commandLine().getOut().flush();
    return 0;
  }

  private List<com.fasterxml.jackson.databind.JsonNode> seedRows(DataEngine engine) {
    return Synthesizer.rows(
        engine, engine.load("seeds", CommandSupport.source(parent.settings(), seeds)), 200);
  }
}
