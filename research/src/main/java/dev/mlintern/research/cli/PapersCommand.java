package dev.mlintern.research.cli;

import dev.mlintern.core.config.Settings;
import dev.mlintern.research.Research;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code mlintern papers}: search, read and crawl papers from the terminal. Register with {@code
 * root.addSubcommand(new PapersCommand(settings))}; the sources and cache come from the settings
 * ({@code MLINTERN_ARXIV_URL}, {@code MLINTERN_S2_URL}, {@code MLINTERN_PAPERS_URL}, {@code
 * HF_ENDPOINT}, {@code MLINTERN_OFFLINE}).
 */
@Command(
    name = "papers",
    mixinStandardHelpOptions = true,
    description =
        "Search, read and crawl research papers (HF Papers, arXiv, Semantic Scholar; cached; offline from the library).",
    subcommands = {PapersSearchCommand.class, PapersReadCommand.class, PapersCrawlCommand.class})
public final class PapersCommand implements Callable<Integer> {
  private final Supplier<Research> research;
  private Research built;
  @Spec CommandSpec spec;

  public PapersCommand(Settings settings) {
    this(() -> Research.fromSettings(settings));
  }

  /** For tests and embedding: the research services to use. */
  public PapersCommand(Supplier<Research> research) {
    this.research = research;
  }

  synchronized Research research() {
    if (built == null) {
      built = research.get();
    }
    return built;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }
}
