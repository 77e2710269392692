package dev.mlintern.research.cli;

import dev.mlintern.core.command.CommandOutput;
import dev.mlintern.research.http.Origin;
import dev.mlintern.research.read.PaperDocument;
import dev.mlintern.research.read.PaperReader;
import dev.mlintern.research.read.Section;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the read commands print: the table of contents (no section) or one section, with where the
 * text came from.
 */
final class DocumentOutput {
  private DocumentOutput() {}

  static CommandOutput of(PaperDocument doc, Origin origin, String section, int offset) {
    Map<String, Object> value = new LinkedHashMap<>();
    value.put("id", doc.source());
    value.put("origin", origin.name().toLowerCase());
    value.put("title", doc.title());
    String head = "(" + origin.label() + ")\n";
    if (section == null) {
      List<Map<String, Object>> toc = new ArrayList<>();
      for (int i = 0; i < doc.sections().size(); i++) {
        Section s = doc.sections().get(i);
        toc.add(
            Map.of(
                "entry",
                i + 1,
                "number",
                s.number(),
                "title",
                s.title(),
                "chars",
                s.text().length(),
                "tables",
                s.tables().size()));
      }
      value.put("abstract", doc.abstractText());
      value.put("sections", toc);
      value.put("notes", doc.notes());
      return new CommandOutput(head + PaperReader.toc(doc), value);
    }
    String text = PaperReader.section(doc, section, offset);
    value.put("section", section);
    value.put("text", text);
    return new CommandOutput(head + text + "\n", value);
  }
}
