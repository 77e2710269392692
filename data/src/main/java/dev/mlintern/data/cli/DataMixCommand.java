package dev.mlintern.data.cli;

import dev.mlintern.data.DataException;
import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.engine.DataEngine.Table;
import dev.mlintern.data.engine.OutputWriter;
import dev.mlintern.data.engine.Transforms;
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
 * {@code mlintern data mix A.jsonl=3 B.jsonl=1 --out MIX.jsonl [--rows N]}: mixes datasets with the
 * same columns by relative weight into {@code --rows} rows (default: as many as they hold
 * together). A dataset whose share is larger than it is gets upsampled (rows repeated, with
 * replacement), and every repeated row is listed with how often in {@code <out>.repeats.jsonl}.
 */
@Command(
    name = "mix",
    description = "Mix datasets by weight, upsampling with replacement where a weight asks for it.",
    mixinStandardHelpOptions = true)
public final class DataMixCommand implements Callable<Integer> {
  @ParentCommand DataCommand parent;
  @Spec CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "SOURCE[=WEIGHT]",
      description = "a file or hf:ID and its relative weight (default 1)")
  List<String> parts;

  @Option(names = "--out", required = true, description = "output file (.jsonl, .parquet or .csv)")
  Path out;

  @Option(names = "--rows", description = "rows in the mix (default: all rows of the inputs)")
  long rows;

  @Option(names = "--seed", description = "seed for which rows are taken (default 0)")
  long seed;

  @Override
  public Integer call() {
    StringBuilder printed = new StringBuilder();
    try (DataEngine engine = CommandSupport.engine(parent.settings())) {
      List<Table> tables = new ArrayList<>();
      List<Double> weights = new ArrayList<>();
      for (String part : parts) {
        int eq = part.lastIndexOf('=');
        weights.add(eq < 0 ? 1.0 : weight(part, part.substring(eq + 1)));
        String source = eq < 0 ? part : part.substring(0, eq);
        tables.add(
            engine.load("part_" + tables.size(), CommandSupport.source(parent.settings(), source)));
      }
      Transforms.Mixed mixed = new Transforms(engine).mix(tables, weights, rows, seed);
      OutputWriter writer = new OutputWriter(engine);
      OutputWriter.Output output = writer.write(mixed.table(), out);
      printed.append(out + "\t" + output.rows() + " rows\tsha256:" + output.sha256() + "\n");
      if (mixed.repeats().rows() > 0) {
        Path repeats = out.resolveSibling(out.getFileName() + ".repeats.jsonl");
        writer.write(mixed.repeats(), repeats);
        printed.append(
            "upsampled: "
                + mixed.repeats().rows()
                + " source rows repeated, listed in "
                + repeats
                + "\n");
      }
    }
    spec.commandLine().getOut().print(printed);
    spec.commandLine().getOut().flush();
    return 0;
  }

  private static double weight(String part, String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new DataException(
          DataException.Kind.BAD_INPUT,
          "'" + part + "' has no numeric weight; write SOURCE=WEIGHT, e.g. math.jsonl=3");
    }
  }
}
