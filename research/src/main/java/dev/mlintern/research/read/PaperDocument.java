package dev.mlintern.research.read;

import java.util.ArrayList;
import java.util.List;

/**
 * A paper's full text split for reading one section at a time: from arXiv HTML, a PDF, or a library
 * file. {@code source} names where it came from ({@code arxiv:1706.03762}, {@code library:…});
 * {@code format} is how it was read ({@code html}, {@code pdf}, {@code markdown}, {@code text});
 * {@code notes} say what was cut or guessed.
 */
public record PaperDocument(
    String source,
    String format,
    String title,
    String abstractText,
    List<Section> sections,
    List<String> references,
    List<String> notes) {
  public PaperDocument {
    abstractText = abstractText == null ? "" : abstractText;
    sections = List.copyOf(sections);
    references = List.copyOf(references);
    notes = List.copyOf(notes);
  }

  public List<Table> tables() {
    List<Table> all = new ArrayList<>();
    sections.forEach(s -> all.addAll(s.tables()));
    return all;
  }

  public PaperDocument withSource(String newSource) {
    return new PaperDocument(newSource, format, title, abstractText, sections, references, notes);
  }

  public int characters() {
    return sections.stream().mapToInt(s -> s.text().length()).sum() + abstractText.length();
  }
}
