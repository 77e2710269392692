package dev.mlintern.app.report;

import java.util.List;

/** A piece of a report section, rendered the same way to Markdown and HTML. */
sealed interface Block {
  record Heading(String text) implements Block {}

  record Para(String text) implements Block {}

  record Bullets(List<String> items) implements Block {
    public Bullets {
      items = List.copyOf(items);
    }
  }

  record Table(List<String> header, List<List<String>> rows) implements Block {
    public Table {
      header = List.copyOf(header);
      rows = rows.stream().map(List::copyOf).toList();
    }
  }

  /** A PNG plot: {@code file} is its name beside report.md; the HTML embeds the bytes. */
  record Image(String file, String alt, byte[] png) implements Block {}

  record Code(String text) implements Block {}
}
