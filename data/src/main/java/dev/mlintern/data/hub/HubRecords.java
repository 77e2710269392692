package dev.mlintern.data.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/** Value types of the Hub client; kept together because each is a few lines. */
public final class HubRecords {
  private HubRecords() {}

  /**
   * A search: substring, owner, tag filters ({@code arxiv:1804.07461}, {@code language:en}), sort
   * key, page size.
   */
  public record SearchQuery(
      String search, String author, List<String> filters, String sort, int limit) {
    public SearchQuery {
      filters = filters == null ? List.of() : List.copyOf(filters);
      limit = limit <= 0 ? 20 : Math.min(limit, 1000);
    }

    public static SearchQuery of(String search) {
      return new SearchQuery(search, null, List.of(), null, 20);
    }
  }

  /**
   * One page of a listing; {@code next} is the absolute URL from the {@code Link: rel="next"}
   * header.
   */
  public record Page(List<JsonNode> items, Optional<String> next) {
    public Page {
      items = List.copyOf(items);
    }
  }

  /** A file or folder of a repo tree; {@code sha256} is the LFS oid when the file is in LFS. */
  public record TreeEntry(
      String type, String path, long size, String oid, Optional<String> sha256) {
    public boolean isFile() {
      return type.equals("file");
    }
  }

  /** A dataset card: the YAML metadata header (raw text, may be empty) and the Markdown body. */
  public record Card(String metadata, String body) {
    static Card parse(String readme) {
      String text = readme.replace("\r\n", "\n");
      if (text.startsWith("---\n")) {
        int end = text.indexOf("\n---", 4);
        if (end > 0) {
          int bodyStart = text.indexOf('\n', end + 4);
          return new Card(
              text.substring(4, end + 1), bodyStart < 0 ? "" : text.substring(bodyStart + 1));
        }
      }
      return new Card("", text);
    }
  }

  /** A file to commit: its repo path and bytes. */
  public record CommitFile(String path, byte[] content) {}

  /** What a commit created. */
  public record CommitResult(String commitOid, String commitUrl) {}
}
