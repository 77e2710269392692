package dev.mlintern.research.read;

import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link PaperDocument} for a model: first a table of contents (numbered entries, sizes,
 * tables), then one section at a time, capped at {@link #MAX_CHARS} characters with an offset to
 * continue — so a 40-page paper never lands in the context whole.
 */
public final class PaperReader {
  public static final int MAX_CHARS = 12_000;
  private static final int ABSTRACT_CHARS = 2_000;

  private PaperReader() {}

  public static String toc(PaperDocument doc) {
    StringBuilder out = new StringBuilder();
    out.append("Title: ").append(doc.title()).append('\n');
    out.append("Read as: ").append(doc.format()).append('\n');
    for (String note : doc.notes()) {
      out.append("Note: ").append(note).append('\n');
    }
    if (!doc.abstractText().isBlank()) {
      out.append("\nAbstract: ").append(cut(doc.abstractText(), ABSTRACT_CHARS)).append('\n');
    }
    out.append("\nSections (read one with section=N):\n");
    List<Section> sections = doc.sections();
    for (int i = 0; i < sections.size(); i++) {
      Section s = sections.get(i);
      out.append("  ".repeat(Math.max(0, s.level() - 1)))
          .append('[')
          .append(i + 1)
          .append("] ")
          .append(s.heading())
          .append(" (")
          .append(s.text().length())
          .append(" chars");
      if (!s.tables().isEmpty()) {
        out.append(", ")
            .append(s.tables().size())
            .append(s.tables().size() == 1 ? " table" : " tables");
      }
      out.append(")\n");
    }
    if (!doc.references().isEmpty()) {
      out.append("[references] ").append(doc.references().size()).append(" entries\n");
    }
    return out.toString();
  }

  /**
   * One section: {@code selector} is the 1-based entry number from the table of contents, a printed
   * section number ("3.1"), a title word, "abstract" or "references"; {@code offset} continues a
   * long section.
   */
  public static String section(PaperDocument doc, String selector, int offset) {
    String body;
    String heading;
    String key = selector == null ? "" : selector.strip();
    if (key.equalsIgnoreCase("abstract")) {
      heading = "Abstract";
      body = doc.abstractText();
    } else if (key.equalsIgnoreCase("references")) {
      heading = "References";
      body = String.join("\n", doc.references());
    } else {
      Section s = find(doc, key);
      heading = s.heading();
      StringBuilder text = new StringBuilder(s.text());
      for (Table table : s.tables()) {
        text.append("\n\n").append(table.render());
      }
      body = text.toString();
    }
    if (offset < 0 || (offset > 0 && offset >= body.length())) {
      throw new ResearchException(
          Kind.BAD_REQUEST,
          "offset "
              + offset
              + " is past the end of section '"
              + heading
              + "' ("
              + body.length()
              + " characters)");
    }
    int end = Math.min(body.length(), offset + MAX_CHARS);
    StringBuilder out = new StringBuilder("## ").append(heading).append('\n');
    if (offset > 0) {
      out.append("(continuing at character ").append(offset).append(")\n");
    }
    out.append(body, offset, end);
    if (end < body.length()) {
      out.append("\n\n[section continues: ")
          .append(body.length() - end)
          .append(" more characters; read again with section=")
          .append(key)
          .append(" offset=")
          .append(end)
          .append(']');
    }
    return out.toString();
  }

  static Section find(PaperDocument doc, String key) {
    List<Section> sections = doc.sections();
    if (key.matches("\\d+")) {
      int index = Integer.parseInt(key);
      if (index >= 1 && index <= sections.size()) {
        return sections.get(index - 1);
      }
      for (Section s : sections) {
        if (s.number().equals(key)) {
          return s;
        }
      }
      throw new ResearchException(
          Kind.BAD_REQUEST,
          "there is no section "
              + index
              + "; this paper has entries 1 to "
              + sections.size()
              + " in its table of contents (read without a section to see them)");
    }
    for (Section s : sections) {
      if (s.number().equals(key)) {
        return s;
      }
    }
    String lower = key.toLowerCase(Locale.ROOT);
    for (Section s : sections) {
      if (!lower.isEmpty() && s.title().toLowerCase(Locale.ROOT).contains(lower)) {
        return s;
      }
    }
    throw new ResearchException(
        Kind.BAD_REQUEST,
        "no section matches '"
            + key
            + "'; pass the entry number from the "
            + "table of contents, a section number such as 3.1, 'abstract' or 'references'");
  }

  static String cut(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + " […]";
  }
}
