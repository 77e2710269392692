package dev.mlintern.data.hub;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Short text renderings of Hub JSON, for people (CLI) and models (tools) alike. */
public final class HubSummaries {
  private HubSummaries() {}

  public static String info(JsonNode info) {
    StringBuilder s = new StringBuilder();
    s.append(info.path("id").asText())
        .append(" (sha ")
        .append(info.path("sha").asText("?"))
        .append(")\n");
    s.append("downloads ")
        .append(info.path("downloads").asLong())
        .append(", likes ")
        .append(info.path("likes").asLong());
    if (info.path("gated").isTextual() || info.path("gated").asBoolean(false)) {
      s.append(", gated (").append(info.path("gated").asText()).append(")");
    }
    if (info.path("private").asBoolean(false)) {
      s.append(", private");
    }
    s.append('\n');
    List<String> tags = new ArrayList<>();
    info.path("tags").forEach(t -> tags.add(t.asText()));
    if (!tags.isEmpty()) {
      s.append("tags: ")
          .append(String.join(", ", tags.subList(0, Math.min(25, tags.size()))))
          .append('\n');
    }
    JsonNode card = info.path("cardData");
    if (card.has("license")) {
      s.append("license: ")
          .append(
              card.path("license").isArray()
                  ? card.path("license").toString()
                  : card.path("license").asText())
          .append('\n');
    }
    List<String> files = new ArrayList<>();
    info.path("siblings").forEach(f -> files.add(f.path("rfilename").asText()));
    if (!files.isEmpty()) {
      s.append("files (")
          .append(files.size())
          .append("): ")
          .append(String.join(", ", files.subList(0, Math.min(30, files.size()))))
          .append(files.size() > 30 ? ", …" : "")
          .append('\n');
    }
    return s.toString();
  }

  public static String searchLine(JsonNode item) {
    String tags = "";
    for (JsonNode t : item.path("tags")) {
      String tag = t.asText();
      if (tag.startsWith("task_categories:")
          || tag.startsWith("size_categories:")
          || tag.startsWith("arxiv:")) {
        tags += (tags.isEmpty() ? "" : " ") + tag;
      }
    }
    return item.path("id").asText()
        + " — downloads "
        + item.path("downloads").asLong()
        + ", likes "
        + item.path("likes").asLong()
        + (item.path("gated").isTextual() ? ", gated" : "")
        + (tags.isEmpty() ? "" : " [" + tags + "]");
  }
}
