package dev.mlintern.lookup;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;

/**
 * Turns an HTML element into Markdown a model reads well: headings, paragraphs, lists, links,
 * inline code and fenced code blocks, tables as pipe rows. Scripts, styles, navigation, forms and
 * images are dropped. Used for web pages ({@code web_fetch}) and documentation pages ({@code
 * docs}).
 */
public final class HtmlMarkdown {
  private final StringBuilder out = new StringBuilder();

  private HtmlMarkdown() {}

  public static String of(Element root) {
    Element copy = root.clone();
    copy.select("script, style, noscript, nav, header, footer, form, svg, img, button, iframe")
        .remove();
    HtmlMarkdown md = new HtmlMarkdown();
    md.block(copy);
    return md.out.toString().replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n").strip();
  }

  private void block(Element element) {
    for (Node child : element.childNodes()) {
      if (child instanceof TextNode text) {
        out.append(collapse(text.text()));
      } else if (child instanceof Element e) {
        element(e);
      }
    }
  }

  private void element(Element e) {
    String tag = e.normalName();
    switch (tag) {
      case "h1", "h2", "h3", "h4", "h5", "h6" -> {
        String text = e.text().strip();
        if (!text.isEmpty()) {
          paragraphBreak();
          out.append("#".repeat(tag.charAt(1) - '0')).append(' ').append(text).append("\n\n");
        }
      }
      case "p", "div", "section", "article", "main", "blockquote", "dl", "dd", "dt" -> {
        paragraphBreak();
        block(e);
        paragraphBreak();
      }
      case "br" -> out.append('\n');
      case "pre" -> {
        paragraphBreak();
        Element code = e.selectFirst("code");
        String language = code == null ? "" : language(code);
        out.append("```").append(language).append('\n');
        out.append(e.wholeText().stripTrailing()).append("\n```\n\n");
      }
      case "code" -> out.append('`').append(e.text()).append('`');
      case "a" -> {
        String text = e.text().strip();
        String href = e.absUrl("href").isEmpty() ? e.attr("href") : e.absUrl("href");
        if (text.isEmpty()) {
          return;
        }
        out.append(href.isEmpty() || href.startsWith("#") ? text : "[" + text + "](" + href + ")");
      }
      case "ul", "ol" -> {
        paragraphBreak();
        int n = 1;
        for (Element item : e.children()) {
          if (item.normalName().equals("li")) {
            out.append(tag.equals("ol") ? (n++) + ". " : "- ");
            HtmlMarkdown inner = new HtmlMarkdown();
            inner.block(item);
            out.append(inner.out.toString().strip().replace("\n", "\n  ")).append('\n');
          }
        }
        out.append('\n');
      }
      case "table" -> {
        paragraphBreak();
        boolean first = true;
        for (Element row : e.select("tr")) {
          out.append('|');
          for (Element cell : row.select("th, td")) {
            out.append(' ').append(cell.text().replace("|", "\\|")).append(" |");
          }
          out.append('\n');
          if (first) {
            out.append("|").append(" --- |".repeat(row.select("th, td").size())).append('\n');
            first = false;
          }
        }
        out.append('\n');
      }
      case "strong", "b" -> out.append("**").append(e.text()).append("**");
      case "em", "i" -> out.append('*').append(e.text()).append('*');
      default -> block(e);
    }
  }

  private void paragraphBreak() {
    int len = out.length();
    if (len > 0 && !(len >= 2 && out.charAt(len - 1) == '\n' && out.charAt(len - 2) == '\n')) {
      out.append(out.charAt(len - 1) == '\n' ? "\n" : "\n\n");
    }
  }

  private static String language(Element code) {
    for (String cls : code.classNames()) {
      if (cls.startsWith("language-")) {
        return cls.substring("language-".length());
      }
    }
    return "";
  }

  private static String collapse(String text) {
    return text.replaceAll("\\s+", " ");
  }
}
