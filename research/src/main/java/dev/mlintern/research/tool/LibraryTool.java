package dev.mlintern.research.tool;

import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.research.Listings;
import dev.mlintern.research.library.AddReport;
import dev.mlintern.research.library.LibraryHit;
import dev.mlintern.research.library.PaperLibrary;
import dev.mlintern.research.read.PaperDocument;
import dev.mlintern.research.read.PaperReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The {@code library} tool: index a folder of papers, search it and read from it, all without
 * network. Library text is third-party text like any paper's, so it is enveloped and marked
 * untrusted.
 */
public final class LibraryTool extends DescribedTool<LibraryInput> {
  private final PaperLibrary library;

  public LibraryTool(PaperLibrary library) {
    super("library", LibraryInput.class);
    this.library = library;
  }

  @Override
  public Set<Effect> effects(LibraryInput input) {
    if (input instanceof LibraryInput.Add add) {
      return add.path() != null && Path.of(add.path()).isAbsolute()
          ? Set.of(Effect.WRITE, Effect.OUTSIDE_WORKSPACE)
          : Set.of(Effect.WRITE);
    }
    return Set.of(Effect.READ);
  }

  @Override
  public ToolResult call(LibraryInput input, ToolContext context) {
    if (input instanceof LibraryInput.Add a) {
      Path path = Path.of(a.path()).isAbsolute() ? Path.of(a.path()) : context.resolve(a.path());
      AddReport report = library.add(path);
      StringBuilder out = new StringBuilder("Library: ").append(report.summary()).append('\n');
      report
          .failed()
          .forEach(
              f ->
                  out.append("- could not read ")
                      .append(f.path())
                      .append(": ")
                      .append(f.reason())
                      .append('\n'));
      return ToolResult.of(out.toString(), PapersTool.JSON.valueToTree(report));
    }
    if (input instanceof LibraryInput.Search s) {
      List<LibraryHit> hits = library.search(s.query(), PapersTool.limit(s.limit(), 10, 50));
      return PapersTool.untrusted(
          hits.size()
              + " library papers for \""
              + s.query()
              + "\" (from the local library). "
              + "Next: library read with an id.\n",
          "library",
          Listings.hits(hits),
          hits);
    }
    LibraryInput.Read r = (LibraryInput.Read) input;
    PaperDocument doc = library.document(r.id());
    boolean toc = r.section() == null || r.section().isBlank();
    String body =
        toc
            ? PaperReader.toc(doc)
            : PaperReader.section(doc, r.section(), r.offset() == null ? 0 : r.offset());
    return PapersTool.untrusted(
        (toc ? "Table of contents of " : "Section of ")
            + doc.source()
            + " (from the local library):\n",
        doc.source(),
        body,
        null);
  }
}
