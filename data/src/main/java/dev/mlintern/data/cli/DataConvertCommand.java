package dev.mlintern.data.cli;

import dev.mlintern.data.engine.Converter;
import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.engine.OutputWriter;
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
 * {@code mlintern data convert PATH --to sft|prompt-completion|dpo|grpo|classification --out OUT}:
 * writes the trainer's format (Parquet or JSON Lines by the extension of OUT) with a manifest
 * holding its sha256, and prints the output path, row count and hash.
 */
@Command(
    name = "convert",
    description = "Convert a dataset to a trainer's format.",
    mixinStandardHelpOptions = true)
public final class DataConvertCommand implements Callable<Integer> {
  @ParentCommand DataCommand parent;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH|hf:ID")
  String source;

  @Option(
      names = "--to",
      required = true,
      description = "sft, prompt-completion, dpo, grpo or classification")
  String to;

  @Option(names = "--out", required = true, description = "output file (.parquet, .jsonl or .csv)")
  Path out;

  @Option(names = "--map", description = "role=column, e.g. --map prompt=question")
  Map<String, String> mapping = new LinkedHashMap<>();

  @Override
  public Integer call() {
    Converter.Format format = Converter.Format.parse(to);
    OutputWriter.Output written;
    try (DataEngine engine = CommandSupport.engine(parent.settings())) {
      var table = engine.load("data", CommandSupport.source(parent.settings(), source));
      written =
          new OutputWriter(engine)
              .write(new Converter(engine).convert(table, format, mapping), out);
    }
    spec.commandLine()
        .getOut()
        .println(written.path() + "\t" + written.rows() + " rows\tsha256:" + written.sha256());
    spec.commandLine().getOut().flush();
    return 0;
  }
}
