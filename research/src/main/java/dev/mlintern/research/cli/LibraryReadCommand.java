package dev.mlintern.research.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.mlintern.research.http.Origin;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code mlintern library read ID [--section N]}: a library paper's contents, or one section. */
@Command(
    name = "read",
    mixinStandardHelpOptions = true,
    description = "Read a library paper: table of contents, or one section.")
public final class LibraryReadCommand implements Callable<Integer> {
  @ParentCommand LibraryCommand parent;
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ID", description = "Library id (lib:…) from library search.")
  String id;

  @Mixin SectionOptions options;

  @Override
  public Integer call() throws JsonProcessingException {
    return DocumentOutput.of(
            parent.library().document(id), Origin.LIBRARY, options.section, options.offset)
        .print(spec, options.json);
  }
}
