package dev.mlintern.lookup.docs;

import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.lookup.Excerpt;
import dev.mlintern.lookup.Untrusted;
import java.util.List;

/**
 * The {@code docs} tool: search and read Hugging Face documentation as Markdown, so training code
 * follows the installed libraries' current APIs rather than remembered ones. Pages are third-party
 * text and come back untrusted.
 */
public final class DocsTool extends DescribedTool<DocsInput> {
  private final HfDocs docs;

  public DocsTool(HfDocs docs) {
    super("docs", DocsInput.class);
    this.docs = docs;
  }

  @Override
  public ToolResult call(DocsInput input, ToolContext context) {
    if (input instanceof DocsInput.Pages p && Guides.LIBRARY.equals(p.library())) {
      StringBuilder list =
          new StringBuilder("mlintern's guides. Next: docs read library=mlintern with a page.\n");
      Guides.pages()
          .forEach(
              page -> list.append(page.path()).append(" — ").append(page.title()).append('\n'));
      return ToolResult.of(list.toString().strip());
    }
    if (input instanceof DocsInput.Read r && Guides.LIBRARY.equals(r.library())) {
      Excerpt excerpt = Excerpt.of(Guides.text(r.page()), r.offset(), Excerpt.MAX_CHARS);
      return ToolResult.of(
          "mlintern guide "
              + r.page()
              + " ("
              + excerpt.range()
              + "):\n"
              + excerpt.withContinuation());
    }
    if (input instanceof DocsInput.Search s) {
      int limit = s.limit() == null ? 8 : Math.max(1, Math.min(30, s.limit()));
      List<HfDocs.Hit> hits = docs.search(s.query(), s.library(), limit);
      StringBuilder list = new StringBuilder();
      for (HfDocs.Hit hit : hits) {
        list.append("- ").append(hit.library()).append(' ').append(hit.page());
        list.append(" § ").append(hit.heading()).append('\n');
        list.append("  ").append(hit.snippet().replace('\n', ' ')).append('\n');
      }
      return Untrusted.result(
          hits.size()
              + " docs pages for \""
              + s.query()
              + "\" (from the local docs index). Next: docs read with library and page.",
          "HF docs search",
          list.toString());
    }
    if (input instanceof DocsInput.Pages p) {
      List<HfDocs.Page> pages = docs.pages(p.library());
      StringBuilder list = new StringBuilder();
      pages.forEach(
          page -> list.append(page.path()).append(" — ").append(page.title()).append('\n'));
      return Untrusted.result(
          pages.size() + " pages in the " + p.library() + " docs. Next: docs read with a page.",
          "HF docs " + p.library(),
          list.toString());
    }
    DocsInput.Read r = (DocsInput.Read) input;
    HfDocs.PageText page = docs.read(r.library(), r.page());
    Excerpt excerpt = Excerpt.of(page.markdown(), r.offset(), Excerpt.MAX_CHARS);
    return Untrusted.result(
        page.url() + " (" + page.origin().label() + ", " + excerpt.range() + "):",
        page.url(),
        excerpt.withContinuation());
  }
}
