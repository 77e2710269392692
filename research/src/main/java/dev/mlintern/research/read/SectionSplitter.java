package dev.mlintern.research.read;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds section headings in plain text extracted from a PDF or a text file: numbered lines such as
 * {@code 3.1 Encoder and Decoder Stacks} and the usual unnumbered names (Abstract, Introduction,
 * References…). Text with no recognisable heading is cut into fixed-size parts so it can still be
 * read piece by piece.
 */
final class SectionSplitter {
  private static final Pattern NUMBERED =
      Pattern.compile(
          "^(\\d{1,2}(?:\\.\\d{1,2}){0,2}|[A-H](?:\\.\\d{1,2}){0,2})\\.?\\s+(\\p{Lu}[\\p{L}\\p{N} ,:&()'’/\\-–]{1,78})$");
  private static final Set<String> NAMED =
      Set.of(
          "abstract",
          "introduction",
          "related work",
          "background",
          "method",
          "methods",
          "methodology",
          "approach",
          "experiments",
          "experimental setup",
          "results",
          "evaluation",
          "discussion",
          "conclusion",
          "conclusions",
          "limitations",
          "references",
          "bibliography",
          "acknowledgements",
          "acknowledgments",
          "appendix");
  static final int PART_CHARS = 8_000;

  private SectionSplitter() {}

  record Split(
      String abstractText, List<Section> sections, List<String> references, boolean guessed) {}

  static Split split(String text) {
    List<Section> sections = new ArrayList<>();
    String abstractText = "";
    List<String> references = new ArrayList<>();
    String number = "";
    String title = "Front matter";
    StringBuilder body = new StringBuilder();
    boolean found = false;
    for (String raw : text.split("\\R")) {
      String line = raw.strip();
      Heading heading = heading(line);
      if (heading != null) {
        found = true;
        abstractText = flush(sections, references, number, title, body, abstractText);
        number = heading.number();
        title = heading.title();
        body = new StringBuilder();
      } else {
        body.append(raw).append('\n');
      }
    }
    abstractText = flush(sections, references, number, title, body, abstractText);
    if (!found) {
      return new Split("", parts(text), List.of(), true);
    }
    return new Split(abstractText, sections, references, false);
  }

  private static String flush(
      List<Section> sections,
      List<String> references,
      String number,
      String title,
      StringBuilder body,
      String abs) {
    String text = body.toString().strip();
    String key = title.toLowerCase(Locale.ROOT);
    if (key.equals("abstract") && number.isEmpty()) {
      return text;
    }
    if (key.equals("references") || key.equals("bibliography")) {
      for (String line : text.split("\\R")) {
        if (!line.isBlank()) {
          references.add(line.strip());
        }
      }
      return abs;
    }
    if (!text.isEmpty() || !number.isEmpty()) {
      int level = number.isEmpty() ? 1 : number.split("\\.").length;
      sections.add(new Section(number, title, level, text, List.of()));
    }
    return abs;
  }

  private record Heading(String number, String title) {}

  private static Heading heading(String line) {
    if (line.isEmpty() || line.length() > 82 || line.endsWith(".") || line.endsWith(",")) {
      return null;
    }
    String bare = line.replaceFirst("^(\\d{1,2}|[IVX]{1,4})\\.?\\s+", "");
    if (NAMED.contains(bare.toLowerCase(Locale.ROOT))) {
      String number =
          bare.length() == line.length()
              ? ""
              : line.substring(0, line.length() - bare.length()).replaceAll("[.\\s]", "");
      return new Heading(number, bare);
    }
    Matcher numbered = NUMBERED.matcher(line);
    if (numbered.matches()
        && numbered.group(2).split("\\s+").length <= 9
        && !numbered.group(2).matches(".*\\d{3,}.*")) {
      return new Heading(numbered.group(1), numbered.group(2).strip());
    }
    return null;
  }

  private static List<Section> parts(String text) {
    List<Section> parts = new ArrayList<>();
    int n = 1;
    for (int start = 0; start < text.length(); start += PART_CHARS, n++) {
      String chunk = text.substring(start, Math.min(text.length(), start + PART_CHARS)).strip();
      if (!chunk.isEmpty()) {
        parts.add(new Section("", "Part " + n, 1, chunk, List.of()));
      }
    }
    return parts;
  }
}
