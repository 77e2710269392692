package dev.mlintern.data.cli;

import com.fasterxml.jackson.databind.JsonNode;

/** A profile as a few aligned lines of text, for the profile command and the dataset tool. */
public final class ProfileText {
  private ProfileText() {}

  public static String render(JsonNode profile) {
    StringBuilder s =
        new StringBuilder(
            profile.path("source").asText()
                + ": "
                + profile.path("rows").asLong()
                + " rows, "
                + profile.path("columns").asLong()
                + " columns\n");
    for (JsonNode c : profile.path("column_stats")) {
      s.append(
          String.format(
              java.util.Locale.ROOT,
              "  %-24s %-10s missing %5.1f%%  distinct %d",
              c.path("name").asText(),
              c.path("type").asText(),
              100 * c.path("missing_share").asDouble(),
              c.path("distinct").asLong()));
      JsonNode n = c.path("numeric");
      if (n.has("mean")) {
        s.append(
            String.format(
                java.util.Locale.ROOT,
                "  min %s  mean %s  max %s",
                n.path("min").asText(),
                n.path("mean").asText(),
                n.path("max").asText()));
      } else if (c.path("top").size() > 0) {
        s.append("  top '").append(c.path("top").get(0).path("value").asText()).append("'");
      }
      s.append('\n');
    }
    if (profile.has("note")) {
      s.append("  ").append(profile.path("note").asText()).append('\n');
    }
    JsonNode balance = profile.path("label_balance");
    if (balance.has("classes")) {
      s.append("Label balance of ").append(balance.path("column").asText()).append(':');
      balance
          .path("classes")
          .forEach(
              k ->
                  s.append(' ')
                      .append(k.path("value").asText())
                      .append('=')
                      .append(k.path("count").asLong()));
      s.append('\n');
    }
    return s.toString();
  }
}
