package dev.mlintern.data.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.data.DataException;
import dev.mlintern.data.hub.HubClient;
import dev.mlintern.data.hub.HubRecords.SearchQuery;
import dev.mlintern.data.hub.HubRecords.TreeEntry;
import dev.mlintern.data.hub.HubSummaries;
import dev.mlintern.data.hub.RepoKind;
import java.util.List;

/**
 * The {@code hub} tool: search the Hugging Face Hub, read a repo's info and card, list its files.
 * Read-only. Results carrying text written by repo owners (cards, tags, ids) are marked untrusted.
 */
public final class HubTool extends DescribedTool<HubTool.Input> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CARD_CHARS = 4000;

  /** One record per operation. */
  public sealed interface Input permits Search, Info, Card, Files {}

  public record Search(
      // required because core's JsonSchemas cannot yet derive an operation whose fields are all
      // optional
      @Param("substring of the repo id; \"\" to search by filters or author only") String query,
      @Param(value = "datasets (default) or models", optional = true) String kind,
      @Param(value = "owner (user or org)", optional = true) String author,
      @Param(
              value = "tag filters, e.g. arxiv:1804.07461, task_categories:text-classification",
              optional = true)
          List<String> filters,
      @Param(value = "downloads, likes, trendingScore, lastModified or createdAt", optional = true)
          String sort,
      @Param(value = "how many results (default 10, at most 50)", optional = true) Integer limit)
      implements Input {}

  public record Info(
      @Param("repo id, owner/name") String repo,
      @Param(value = "dataset (default) or model", optional = true) String kind)
      implements Input {}

  public record Card(
      @Param("repo id, owner/name") String repo,
      @Param(value = "dataset (default) or model", optional = true) String kind)
      implements Input {}

  public record Files(
      @Param("repo id, owner/name") String repo,
      @Param(value = "dataset (default) or model", optional = true) String kind,
      @Param(value = "folder inside the repo", optional = true) String path)
      implements Input {}

  private final HubClient hub;

  public HubTool(HubClient hub) {
    super("hub", Input.class);
    this.hub = hub;
  }

  public static HubTool fromSettings(Settings settings) {
    return new HubTool(HubClient.fromSettings(settings));
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    try {
      if (input instanceof Search s) {
        return search(s);
      } else if (input instanceof Info i) {
        JsonNode info = hub.info(kind(i.kind()), i.repo(), null);
        return ToolResult.of(HubSummaries.info(info), info).asUntrusted();
      } else if (input instanceof Card c) {
        var card = hub.card(kind(c.kind()), c.repo(), null);
        String body =
            card.body().length() > CARD_CHARS
                ? card.body().substring(0, CARD_CHARS) + "\n… (card truncated)"
                : card.body();
        return ToolResult.of("metadata:\n" + card.metadata() + "\n" + body).asUntrusted();
      }
      return files((Files) input);
    } catch (DataException e) {
      throw new ToolException(e.getMessage());
    }
  }

  private ToolResult search(Search s) {
    int limit = s.limit() == null ? 10 : Math.max(1, Math.min(50, s.limit()));
    var page =
        hub.search(
            kind(s.kind() == null ? null : s.kind().replaceAll("s$", "")),
            new SearchQuery(s.query(), s.author(), s.filters(), s.sort(), limit));
    if (page.items().isEmpty()) {
      return ToolResult.of("no repos match; try a shorter query or fewer filters");
    }
    StringBuilder out = new StringBuilder();
    ArrayNode ids = JSON.createArrayNode();
    for (JsonNode item : page.items()) {
      out.append(HubSummaries.searchLine(item)).append('\n');
      ids.add(item.path("id").asText());
    }
    return ToolResult.of(out.toString(), ids).asUntrusted();
  }

  private ToolResult files(Files f) {
    List<TreeEntry> entries = hub.tree(kind(f.kind()), f.repo(), null, f.path(), true);
    StringBuilder out = new StringBuilder();
    int shown = 0;
    for (TreeEntry e : entries) {
      if (shown++ == 200) {
        out.append("… ").append(entries.size() - 200).append(" more\n");
        break;
      }
      out.append(
              e.isFile()
                  ? e.path() + "  " + e.size() + " bytes" + (e.sha256().isPresent() ? " (lfs)" : "")
                  : e.path() + "/")
          .append('\n');
    }
    return ToolResult.of(out.length() == 0 ? "no files" : out.toString());
  }

  static RepoKind kind(String kind) {
    if (kind == null || kind.isBlank() || kind.equalsIgnoreCase("dataset")) {
      return RepoKind.DATASET;
    }
    if (kind.equalsIgnoreCase("model")) {
      return RepoKind.MODEL;
    }
    throw new ToolException("kind must be 'dataset' or 'model', got '" + kind + "'");
  }
}
