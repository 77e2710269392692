package dev.mlintern.lookup.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolResult;

/**
 * The {@code web_search} tool: titles, addresses and snippets from a SearXNG instance. Snippets are
 * written by third parties, so they come back inside the untrusted envelope.
 */
public final class WebSearchTool extends DescribedTool<WebSearchTool.Input> {
  /** What to search for. */
  public record Input(
      @Param("words to search the web for") String query,
      @Param(value = "how many results, default 8, at most 20", optional = true) Integer limit) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final SearxngClient client;

  public WebSearchTool(SearxngClient client) {
    super("web_search", Input.class);
    this.client = client;
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    int limit = input.limit() == null ? 8 : Math.max(1, Math.min(20, input.limit()));
    SearxngClient.Results results = client.search(input.query(), limit);
    StringBuilder list = new StringBuilder();
    int n = 1;
    for (SearxngClient.Hit hit : results.hits()) {
      list.append(n++).append(". ").append(hit.title()).append('\n');
      list.append("   ").append(hit.url()).append('\n');
      if (!hit.snippet().isBlank()) {
        list.append("   ").append(hit.snippet().strip()).append('\n');
      }
    }
    if (!results.suggestions().isEmpty()) {
      list.append("Suggested searches: ").append(String.join("; ", results.suggestions()));
    }
    String head =
        results.hits().size()
            + " web results for \""
            + input.query()
            + "\" ("
            + results.origin().label()
            + "). Next: web_fetch a url to read it.\n";
    return ToolResult.untrusted(
        head, "web search", list.toString().strip(), JSON.valueToTree(results));
  }
}
