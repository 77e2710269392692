package dev.mlintern.compute.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.Compute;
import dev.mlintern.compute.JobException;
import dev.mlintern.compute.JobRecord;
import dev.mlintern.compute.JobSpec;
import dev.mlintern.compute.Resources;
import dev.mlintern.compute.recipes.Preflight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern jobs submit [options] -- COMMAND...}: starts a job and prints its id alone on the
 * last line; with {@code --dry-run}, prints what would be sent instead.
 */
@Command(
    name = "submit",
    description = "Start a job in the background; prints its id.",
    mixinStandardHelpOptions = true)
public final class JobsSubmitCommand implements Callable<Integer> {
  @ParentCommand JobsCommand parent;
  @Spec CommandSpec spec;

  @Option(names = "--executor", description = "local (default), slurm or hf-jobs")
  String executor;

  @Option(names = "--cpus", defaultValue = "1")
  int cpus;

  @Option(names = "--gpus", defaultValue = "0")
  int gpus;

  @Option(names = "--memory", description = "memory in MB", defaultValue = "0")
  long memory;

  @Option(names = "--flavor", description = "HF Jobs hardware flavor")
  String flavor;

  @Option(names = "--timeout", description = "e.g. 90s, 30m, 2h")
  String timeout;

  @Option(
      names = "--config",
      description = "JSON config file handed to the job as $MLINTERN_CONFIG")
  Path config;

  @Option(names = "--experiment", description = "record the run under this experiment")
  String experiment;

  @Option(names = "--env", description = "KEY=VALUE, repeatable")
  List<String> env = new ArrayList<>();

  @Option(names = "--secret", description = "name of a secret the job may read, repeatable")
  List<String> secrets = new ArrayList<>();

  @Option(
      names = "--network",
      description = "let a local job reach the network (it runs without by default)")
  boolean network;

  @Option(names = "--image", description = "container image (hf-jobs)")
  String image;

  @Option(
      names = "--dependency",
      description = "Python package installed before the command (hf-jobs), repeatable")
  List<String> dependencies = new ArrayList<>();

  @Option(
      names = "--file",
      description = "work-dir file or folder to send besides those the command names, repeatable")
  List<String> files = new ArrayList<>();

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "folder the command runs in and names its files from (default: this one)")
  Path workDir;

  @Option(
      names = "--dry-run",
      description = "show what would be sent and uploaded, and start nothing")
  boolean dryRun;

  @Option(
      names = "--dataset-columns",
      split = ",",
      description =
          "columns of the Hub dataset an LLM recipe trains on," + " for its GPU pre-flight")
  List<String> datasetColumns = new ArrayList<>();

  @Parameters(
      arity = "1..*",
      paramLabel = "COMMAND",
      description = "the command and its arguments, after --")
  List<String> command;

  @Override
  public Integer call() throws IOException {
    Map<String, String> environment = new LinkedHashMap<>();
    for (String pair : env) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new JobException(JobException.Kind.INVALID, "--env wants KEY=VALUE, got " + pair);
      }
      environment.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    if (!datasetColumns.isEmpty()) {
      environment.put(Preflight.COLUMNS_ENV, String.join(",", datasetColumns));
    }
    try (Compute compute = parent.open()) {
      JsonNode configJson = config == null ? null : new ObjectMapper().readTree(config.toFile());
      Map<String, String> labels = experiment == null ? Map.of() : Map.of("experiment", experiment);
      JobSpec job =
          new JobSpec(
              command,
              environment,
              secrets,
              new Resources(cpus, memory, gpus, flavor),
              JobSpec.timeout(timeout),
              configJson,
              (workDir != null ? workDir : Path.of("")).toAbsolutePath().normalize().toString(),
              image,
              labels,
              network,
              dependencies,
              files);
      String name = executor == null ? compute.defaultExecutor() : executor;
      if (dryRun) {
        spec.commandLine().getOut().print(compute.jobs().preview(job, name));
        spec.commandLine().getOut().flush();
        return 0;
      }
      JobRecord record = compute.jobs().submit(job, name, null, true, e -> {});
      spec.commandLine()
          .getErr()
          .println(
              "submitted on "
                  + name
                  + " (native id "
                  + record.nativeId()
                  + "); output in "
                  + record.outputDir());
      spec.commandLine().getOut().println(record.id());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}
