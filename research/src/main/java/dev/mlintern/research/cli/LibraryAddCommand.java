package dev.mlintern.research.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlintern.core.command.CommandOutput;
import dev.mlintern.research.library.AddReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mlintern library add PATH}: index a folder of papers; again later to pick up changes. */
@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description = "Index a folder (or file) of papers; re-reads only what changed.")
public final class LibraryAddCommand implements Callable<Integer> {
  @ParentCommand LibraryCommand parent;
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "PATH",
      description = "Folder or file of PDF, HTML, Markdown or text papers.")
  Path path;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws JsonProcessingException {
    AddReport report = parent.library().add(path);
    StringBuilder text = new StringBuilder(report.summary()).append('\n');
    report
        .failed()
        .forEach(
            f ->
                text.append("could not read ")
                    .append(f.path())
                    .append(": ")
                    .append(f.reason())
                    .append('\n'));
    return new CommandOutput(text.toString(), report).print(spec, json);
  }
}
