package dev.mlintern.data.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlintern.core.command.CommandOutput;
import dev.mlintern.data.engine.AuditReport;
import dev.mlintern.data.engine.AuditRequest;
import dev.mlintern.data.engine.Auditor;
import dev.mlintern.data.engine.DataEngine;
import dev.mlintern.data.engine.NGramOverlap;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern data audit TRAIN}: duplicates, near-duplicates, train/test overlap, leakage,
 * contamination and balance, with a GO / GO-WITH-FIXES / NO-GO verdict. {@code --json} prints
 * exactly the report object. Exit 0 whatever the verdict, 3 for NO-GO with {@code --fail-on-no-go},
 * 1 when the data cannot be read.
 */
@Command(
    name = "audit",
    description = "Audit a dataset and give a GO / GO-WITH-FIXES / NO-GO verdict.",
    mixinStandardHelpOptions = true)
public final class DataAuditCommand implements Callable<Integer> {
  @ParentCommand DataCommand parent;
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TRAIN",
      description = "training data: a file, a folder of parquet files or hf:ID")
  String train;

  @Option(names = "--test", description = "held-out data to check for overlap with training")
  String test;

  @Option(names = "--target", description = "the column to predict")
  String target;

  @Option(names = "--id", description = "the id column (never flagged as leakage)")
  String id;

  @Option(names = "--text", description = "the text column (found automatically when absent)")
  String text;

  @Option(
      names = "--eval",
      paramLabel = "EVAL_FILE",
      description = "evaluation set to check for contamination")
  String eval;

  @Option(names = "--eval-text", description = "the evaluation set's text column")
  String evalText;

  @Option(names = "--type", description = "classification, regression or text-classification")
  String type;

  @Option(
      names = "--ngram",
      defaultValue = "" + NGramOverlap.DEFAULT_N,
      description = "n-gram length for contamination")
  int ngram;

  @Option(names = "--json", description = "print the report as JSON")
  boolean json;

  @Option(names = "--fail-on-no-go", description = "exit 3 when the verdict is NO-GO")
  boolean failOnNoGo;

  @Override
  public Integer call() throws JsonProcessingException {
    var settings = parent.settings();
    AuditRequest request =
        new AuditRequest(
            CommandSupport.source(settings, train),
            Optional.ofNullable(test).map(t -> CommandSupport.source(settings, t)),
            Optional.ofNullable(target),
            Optional.ofNullable(id),
            Optional.ofNullable(text),
            Optional.ofNullable(eval).map(e -> CommandSupport.source(settings, e)),
            Optional.ofNullable(evalText),
            Optional.ofNullable(type),
            ngram,
            0.8);
    AuditReport report;
    try (DataEngine engine = CommandSupport.engine(settings)) {
      report = new Auditor(engine).audit(request);
    }
    String text =
        report.summary()
            + "Rows: "
            + report.profile().path("rows").asLong()
            + ", columns: "
            + report.profile().path("columns").asLong()
            + "\n";
    new CommandOutput(text, report.toJson()).print(spec, json);
    return failOnNoGo && report.verdict() == AuditReport.Verdict.NO_GO ? 3 : 0;
  }
}
