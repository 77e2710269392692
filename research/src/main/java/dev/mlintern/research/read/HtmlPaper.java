package dev.mlintern.research.read;

import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.Elements;

/**
 * Splits an HTML paper into sections, tables and references. arXiv's LaTeXML rendering is read by
 * its classes ({@code section.ltx_section}, {@code h2.ltx_title_section}, {@code li.ltx_bibitem},
 * math by its alt text); any other HTML is split at its h1–h4 headings, and HTML with no headings
 * becomes one section, with a note.
 */
public final class HtmlPaper {
  private HtmlPaper() {}

  public static PaperDocument parse(String source, byte[] html) {
    Document doc;
    try {
      doc = Jsoup.parse(new ByteArrayInputStream(html), null, "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Element math : doc.select("math")) {
      String alt = math.attr("alttext");
      math.replaceWith(new TextNode(alt.isBlank() ? math.text() : alt));
    }
    doc.select("script, style, nav, header.ltx_page_header, footer, .ltx_page_footer").remove();
    Element titleEl = doc.selectFirst("h1.ltx_title, h1");
    String title = titleEl != null ? titleEl.text() : doc.title();
    Element abstractEl = doc.selectFirst("div.ltx_abstract");
    String abstractText = "";
    if (abstractEl != null) {
      abstractText = joinParagraphs(abstractEl.select("p"));
      abstractEl.remove();
    }
    List<String> references = new ArrayList<>();
    for (Element item : doc.select("li.ltx_bibitem")) {
      references.add(item.text());
    }
    doc.select("section.ltx_bibliography").remove();
    Elements latexml =
        doc.select(
            "section.ltx_section, section.ltx_subsection, section.ltx_subsubsection, section.ltx_appendix");
    List<String> notes = new ArrayList<>();
    List<Section> sections =
        latexml.isEmpty() ? byHeadings(doc, titleEl, notes) : latexmlSections(latexml);
    if (sections.isEmpty() && abstractText.isBlank()) {
      throw new ResearchException(
          Kind.BAD_DOCUMENT,
          source
              + " has no readable text in its HTML (no sections, no "
              + "paragraphs); try the PDF, or another source for this paper");
    }
    return new PaperDocument(source, "html", title, abstractText, sections, references, notes);
  }

  private static List<Section> latexmlSections(Elements elements) {
    List<Section> sections = new ArrayList<>();
    for (Element element : elements) {
      Element own = element.clone();
      own.select("section").remove();
      Element heading = own.selectFirst("h2, h3, h4, h5, h6");
      String number = "";
      String title = "";
      if (heading != null) {
        Element tag = heading.selectFirst(".ltx_tag");
        number =
            tag == null
                ? ""
                : tag.text().replaceAll("[.:]$", "").replaceFirst("^(Appendix|Section)\\s+", "");
        if (tag != null) {
          tag.remove();
        }
        title = heading.text();
        heading.remove();
      }
      List<Table> tables = tables(own);
      own.select("figure.ltx_table, table").remove();
      String text = joinParagraphs(own.select("p"));
      if (text.isBlank()) {
        text = own.text();
      }
      int level =
          element.hasClass("ltx_subsubsection") ? 3 : element.hasClass("ltx_subsection") ? 2 : 1;
      sections.add(new Section(number, title, level, text, tables));
    }
    return sections;
  }

  private static List<Section> byHeadings(Document doc, Element titleEl, List<String> notes) {
    Element body = doc.body();
    List<Section> sections = new ArrayList<>();
    String heading = "Text";
    int level = 1;
    StringBuilder text = new StringBuilder();
    List<Table> tables = new ArrayList<>();
    boolean sawHeading = false;
    for (Element el : body.getAllElements()) {
      String tag = el.normalName();
      if (tag.matches("h[1-4]") && el != titleEl) {
        if (text.length() > 0 || !tables.isEmpty()) {
          sections.add(new Section("", heading, level, text.toString().strip(), tables));
        }
        heading = el.text();
        level = Math.max(1, tag.charAt(1) - '1');
        text = new StringBuilder();
        tables = new ArrayList<>();
        sawHeading = true;
      } else if (tag.equals("table")) {
        tables.addAll(tables(el));
      } else if (isTextBlock(el)) {
        text.append(el.text()).append("\n\n");
      }
    }
    if (text.length() > 0 || !tables.isEmpty()) {
      sections.add(new Section("", heading, level, text.toString().strip(), tables));
    }
    if (sections.isEmpty() && !body.text().isBlank()) {
      sections.add(
          new Section(
              "",
              "Text",
              1,
              body.wholeText().replaceAll("[ \\t]+", " ").replaceAll("\\n\\s*\\n+", "\n\n").strip(),
              List.of()));
    }
    if (!sawHeading && !sections.isEmpty()) {
      notes.add("the HTML has no section headings; its whole text is one section");
    }
    return sections;
  }

  private static boolean isTextBlock(Element el) {
    String tag = el.normalName();
    if (el.closest("table") != null) {
      return false;
    }
    return switch (tag) {
      case "p", "pre" -> el.parents().stream().noneMatch(p -> p.normalName().equals("p"));
      case "li", "blockquote" -> el.selectFirst("p") == null;
      default -> false;
    };
  }

  static List<Table> tables(Element scope) {
    List<Table> tables = new ArrayList<>();
    for (Element table : scope.select("table")) {
      if (table.parents().stream().anyMatch(p -> p.normalName().equals("table"))) {
        continue;
      }
      List<List<String>> rows = new ArrayList<>();
      for (Element tr : table.select("tr")) {
        List<String> cells = new ArrayList<>();
        tr.select("th, td").forEach(cell -> cells.add(cell.text()));
        if (!cells.isEmpty()) {
          rows.add(cells);
        }
      }
      if (rows.isEmpty()) {
        continue;
      }
      Element figure = table.closest("figure");
      Element captionEl =
          figure != null ? figure.selectFirst("figcaption") : table.selectFirst("caption");
      String label = "";
      String caption = "";
      if (captionEl != null) {
        Element tag = captionEl.selectFirst(".ltx_tag");
        label = tag == null ? "" : tag.text().replaceAll("[.:]$", "");
        caption =
            captionEl
                .text()
                .substring(
                    tag == null ? 0 : Math.min(captionEl.text().length(), tag.text().length()))
                .strip();
      }
      tables.add(new Table(label, caption, rows));
    }
    return tables;
  }

  private static String joinParagraphs(Elements paragraphs) {
    StringBuilder out = new StringBuilder();
    for (Element p : paragraphs) {
      String text = p.text();
      if (!text.isBlank()) {
        out.append(text).append("\n\n");
      }
    }
    return out.toString().strip();
  }
}
