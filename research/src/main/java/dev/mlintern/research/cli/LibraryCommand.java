package dev.mlintern.research.cli;

import dev.mlintern.core.config.Settings;
import dev.mlintern.research.library.PaperLibrary;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern library}: the local paper library under {@code $MLINTERN_HOME/library}. Register
 * with {@code root.addSubcommand(new LibraryCommand(settings))}.
 */
@Command(
    name = "library",
    mixinStandardHelpOptions = true,
    description =
        "Index, search and read a local library of papers (PDF, HTML, Markdown, text), offline.",
    subcommands = {LibraryAddCommand.class, LibrarySearchCommand.class, LibraryReadCommand.class})
public final class LibraryCommand implements Callable<Integer> {
  private final PaperLibrary library;
  @Spec CommandSpec spec;

  public LibraryCommand(Settings settings) {
    this(new PaperLibrary(settings.home().resolve("library")));
  }

  public LibraryCommand(PaperLibrary library) {
    this.library = library;
  }

  PaperLibrary library() {
    return library;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
