package dev.mlintern.research.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlintern.research.http.Answer;
import dev.mlintern.research.read.PaperDocument;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mlintern papers read ID [--section N]}: the table of contents, or one section. */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    description = "Read a paper: table of contents, or one section.")
public final class PapersReadCommand implements Callable<Integer> {
  @ParentCommand PapersCommand parent;
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "ID",
      description =
          "arXiv id (2104.12255v1, hep-th/9901001), s2:…, DOI:…, or lib:… from the library.")
  String id;

  @Mixin SectionOptions options;

  @Override
  public Integer call() throws JsonProcessingException {
    Answer<PaperDocument> answer = parent.research().read(id);
    return DocumentOutput.of(answer.value(), answer.origin(), options.section, options.offset)
        .print(spec, options.json);
  }
}
