package dev.mlintern.lookup.github;

import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.lookup.Excerpt;
import dev.mlintern.lookup.Untrusted;
import java.util.List;

/**
 * The {@code github} tool: find working example code (code and repository search), list a
 * repository's files and read one at a ref. Everything read from GitHub is third-party text and
 * comes back untrusted.
 */
public final class GithubTool extends DescribedTool<GithubInput> {
  private static final int MAX_TREE = 300;
  private final GithubClient client;

  public GithubTool(GithubClient client) {
    super("github", GithubInput.class);
    this.client = client;
  }

  @Override
  public ToolResult call(GithubInput input, ToolContext context) {
    if (input instanceof GithubInput.SearchCode s) {
      List<GithubClient.CodeHit> hits =
          client.searchCode(s.query(), s.repo(), s.language(), limit(s.limit()));
      StringBuilder list = new StringBuilder();
      hits.forEach(
          h -> list.append("- ").append(h.repo()).append(' ').append(h.path()).append('\n'));
      return Untrusted.result(
          hits.size() + " files match \"" + s.query() + "\". Next: github read with repo and path.",
          "github code search",
          list.toString());
    }
    if (input instanceof GithubInput.SearchRepos s) {
      List<GithubClient.RepoHit> hits = client.searchRepos(s.query(), limit(s.limit()));
      StringBuilder list = new StringBuilder();
      for (GithubClient.RepoHit h : hits) {
        list.append("- ").append(h.repo()).append(" (").append(h.stars()).append(" stars)");
        list.append(h.description().isBlank() ? "" : ": " + h.description()).append('\n');
      }
      return Untrusted.result(
          hits.size() + " repositories match \"" + s.query() + "\". Next: github tree with a repo.",
          "github repository search",
          list.toString());
    }
    if (input instanceof GithubInput.Tree t) {
      GithubClient.Tree tree = client.tree(t.repo(), t.ref(), t.path());
      StringBuilder list = new StringBuilder();
      tree.files().stream()
          .limit(MAX_TREE)
          .forEach(f -> list.append(f.path()).append(" (").append(f.size()).append(" B)\n"));
      String more =
          tree.files().size() > MAX_TREE
              ? " Showing the first " + MAX_TREE + "; pass path to narrow."
              : "";
      String cut = tree.truncated() ? " GitHub truncated this tree; pass path to narrow." : "";
      return Untrusted.result(
          tree.files().size()
              + " files in "
              + t.repo()
              + (t.path() == null || t.path().isBlank() ? "" : " under " + t.path())
              + " ("
              + tree.origin().label()
              + ")."
              + more
              + cut,
          "github tree " + t.repo(),
          list.toString());
    }
    GithubInput.Read r = (GithubInput.Read) input;
    GithubClient.FileText file = client.read(r.repo(), r.path(), r.ref());
    Excerpt excerpt = Excerpt.of(file.text(), r.offset(), Excerpt.MAX_CHARS);
    return Untrusted.result(
        file.repo()
            + "/"
            + file.path()
            + " at "
            + file.ref()
            + " ("
            + file.origin().label()
            + ", "
            + excerpt.range()
            + "):",
        "github " + file.repo() + "/" + file.path(),
        excerpt.withContinuation());
  }

  private static int limit(Integer requested) {
    return requested == null ? 10 : Math.max(1, Math.min(30, requested));
  }
}
