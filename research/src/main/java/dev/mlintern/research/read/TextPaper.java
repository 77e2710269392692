package dev.mlintern.research.read;

import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Markdown and plain-text papers. Bytes are decoded as UTF-8, or as windows-1252 when they are not
 * valid UTF-8 (with a note), so a Latin-1 file reads instead of failing. Markdown is split at its
 * {@code #} headings outside code fences and its pipe tables are kept as tables; plain text goes
 * through {@link SectionSplitter}.
 */
public final class TextPaper {
  private static final Pattern HEADING = Pattern.compile("^(#{1,4})\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern NUMBER = Pattern.compile("^((?:\\d{1,2}\\.)*\\d{1,2})\\.?\\s+(.+)$");
  public static final int MAX_CHARS = 600_000;

  private TextPaper() {}

  public static PaperDocument markdown(String source, byte[] bytes, String fallbackTitle) {
    List<String> notes = new ArrayList<>();
    String text = decode(bytes, notes);
    List<Section> sections = new ArrayList<>();
    String title = null;
    String heading = "Text";
    String number = "";
    int level = 1;
    StringBuilder body = new StringBuilder();
    boolean inFence = false;
    for (String line : text.split("\\R", -1)) {
      if (line.strip().startsWith("```")) {
        inFence = !inFence;
      }
      Matcher m = inFence ? null : HEADING.matcher(line);
      if (m != null && m.matches()) {
        if (title == null
            && m.group(1).length() == 1
            && sections.isEmpty()
            && body.toString().isBlank()) {
          title = m.group(2);
          continue;
        }
        add(sections, number, heading, level, body);
        Matcher numbered = NUMBER.matcher(m.group(2));
        number = numbered.matches() ? numbered.group(1) : "";
        heading = numbered.matches() ? numbered.group(2) : m.group(2);
        level = m.group(1).length() == 1 ? 1 : m.group(1).length() - 1;
        body = new StringBuilder();
      } else {
        body.append(line).append('\n');
      }
    }
    add(sections, number, heading, level, body);
    String abstractText = "";
    if (!sections.isEmpty() && sections.get(0).title().equalsIgnoreCase("abstract")) {
      abstractText = sections.remove(0).text();
    }
    if (sections.isEmpty() && abstractText.isBlank()) {
      throw new ResearchException(Kind.BAD_DOCUMENT, source + " has no text");
    }
    return new PaperDocument(
        source,
        "markdown",
        title == null ? fallbackTitle : title,
        abstractText,
        sections,
        List.of(),
        notes);
  }

  public static PaperDocument plain(String source, byte[] bytes, String fallbackTitle) {
    List<String> notes = new ArrayList<>();
    String text = decode(bytes, notes);
    if (text.isBlank()) {
      throw new ResearchException(Kind.BAD_DOCUMENT, source + " has no text");
    }
    SectionSplitter.Split split = SectionSplitter.split(text);
    if (split.guessed()) {
      notes.add(
          "no section headings recognised; the text is cut into parts of "
              + SectionSplitter.PART_CHARS
              + " characters");
    }
    return new PaperDocument(
        source,
        "text",
        fallbackTitle,
        split.abstractText(),
        split.sections(),
        split.references(),
        notes);
  }

  static String decode(byte[] bytes, List<String> notes) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      text = new String(bytes, Charset.forName("windows-1252"));
      notes.add("the file is not valid UTF-8; it was read as windows-1252");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    if (text.length() > MAX_CHARS) {
      notes.add("text cut at " + MAX_CHARS + " of " + text.length() + " characters");
      text = text.substring(0, MAX_CHARS);
    }
    return text.replace("\u0000", "");
  }

  private static void add(
      List<Section> sections, String number, String heading, int level, StringBuilder body) {
    String text = body.toString().strip();
    if (text.isEmpty() && sections.isEmpty() && heading.equals("Text")) {
      return;
    }
    List<Table> tables = new ArrayList<>();
    String prose = pipeTables(text, tables);
    sections.add(new Section(number, heading, level, prose, tables));
  }

  private static String pipeTables(String text, List<Table> tables) {
    StringBuilder prose = new StringBuilder();
    List<List<String>> rows = new ArrayList<>();
    String caption = "";
    String previous = "";
    for (String line : text.split("\\R", -1)) {
      String t = line.strip();
      if (t.startsWith("|") && t.endsWith("|") && t.length() > 1) {
        if (t.matches("\\|[\\s:|\\-]+\\|")) {
          continue;
        }
        if (rows.isEmpty()) {
          caption =
              previous.matches("(?i)^\\**table\\s*\\d+.*") ? previous.replace("*", "").strip() : "";
        }
        List<String> cells = new ArrayList<>();
        for (String cell : t.substring(1, t.length() - 1).split("\\|", -1)) {
          cells.add(cell.strip());
        }
        rows.add(cells);
        continue;
      }
      if (!rows.isEmpty()) {
        tables.add(table(caption, rows));
        rows = new ArrayList<>();
      }
      prose.append(line).append('\n');
      if (!t.isEmpty()) {
        previous = t;
      }
    }
    if (!rows.isEmpty()) {
      tables.add(table(caption, rows));
    }
    return prose.toString().strip();
  }

  private static Table table(String caption, List<List<String>> rows) {
    Matcher m = Pattern.compile("(?i)^(table\\s*\\d+)[.:]?\\s*(.*)$").matcher(caption);
    return m.matches() ? new Table(m.group(1), m.group(2), rows) : new Table("", caption, rows);
  }
}
