package dev.mlintern.research.read;

import java.util.List;

/** A table found in a paper: its label and caption as printed, and its cells row by row. */
public record Table(String label, String caption, List<List<String>> rows) {
  public Table {
    rows = rows.stream().map(List::copyOf).toList();
  }

  /** The table as Markdown-like pipe rows, the form models read best. */
  public String render() {
    StringBuilder out = new StringBuilder();
    if (!label.isBlank() || !caption.isBlank()) {
      out.append(label.isBlank() ? "Table" : label)
          .append(caption.isBlank() ? "" : ": " + caption)
          .append('\n');
    }
    for (int i = 0; i < rows.size(); i++) {
      out.append("| ").append(String.join(" | ", rows.get(i))).append(" |\n");
      if (i == 0) {
        out.append("|").append(" --- |".repeat(Math.max(1, rows.get(0).size()))).append('\n');
      }
    }
    return out.toString();
  }
}
