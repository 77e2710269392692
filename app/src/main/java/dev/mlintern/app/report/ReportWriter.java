package dev.mlintern.app.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Writes a run report as {@code report.md} (plots as PNG files beside it) and a self-contained
 * {@code report.html} (plots embedded as base64 PNG), from the same blocks.
 */
public final class ReportWriter {
  /** Where the report went. */
  public record Written(Path html, Path markdown, List<Path> images) {}

  public Written write(ReportInput input, Path folder) {
    List<Block> blocks = ReportContent.blocks(input);
    try {
      Files.createDirectories(folder);
      List<Path> images = new java.util.ArrayList<>();
      for (Block b : blocks) {
        if (b instanceof Block.Image image) {
          Path file = folder.resolve(image.file());
          Files.write(file, image.png());
          images.add(file);
        }
      }
      Path md = folder.resolve("report.md");
      Files.writeString(md, markdown(input.title(), blocks));
      Path html = folder.resolve("report.html");
      Files.writeString(html, html(input.title(), blocks));
      return new Written(html, md, List.copyOf(images));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String markdown(String title, List<Block> blocks) {
    StringBuilder out = new StringBuilder("# ").append(title).append("\n\n");
    for (Block b : blocks) {
      if (b instanceof Block.Heading h) {
        out.append("## ").append(h.text()).append("\n\n");
      } else if (b instanceof Block.Para p) {
        out.append(p.text()).append("\n\n");
      } else if (b instanceof Block.Bullets l) {
        l.items().forEach(i -> out.append("- ").append(i.replace("\n", " ")).append('\n'));
        out.append('\n');
      } else if (b instanceof Block.Table t) {
        out.append("| ").append(String.join(" | ", t.header())).append(" |\n|");
        t.header().forEach(h -> out.append("---|"));
        out.append('\n');
        t.rows()
            .forEach(
                r ->
                    out.append("| ")
                        .append(String.join(" | ", r.stream().map(ReportWriter::cell).toList()))
                        .append(" |\n"));
        out.append('\n');
      } else if (b instanceof Block.Image i) {
        out.append("![").append(i.alt()).append("](").append(i.file()).append(")\n\n");
      } else if (b instanceof Block.Code c) {
        out.append("```\n").append(c.text()).append("\n```\n\n");
      }
    }
    return out.toString();
  }

  static String html(String title, List<Block> blocks) {
    StringBuilder out =
        new StringBuilder(
                "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .append(escape(title))
            .append(
                "</title>\n<style>body{font-family:system-ui,sans-serif;max-width:1100px;"
                    + "margin:2em auto;padding:0 1em;color:#222}table{border-collapse:collapse;font-size:13px}"
                    + "td,th{border:1px solid #ccc;padding:3px 6px;text-align:left}th{background:#f3f3f3}"
                    + "pre{background:#f6f6f6;padding:8px;overflow-x:auto}img{max-width:100%}</style></head><body>\n<h1>")
            .append(escape(title))
            .append("</h1>\n");
    for (Block b : blocks) {
      if (b instanceof Block.Heading h) {
        out.append("<h2>").append(escape(h.text())).append("</h2>\n");
      } else if (b instanceof Block.Para p) {
        out.append("<p>")
            .append(escape(p.text()).replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>"))
            .append("</p>\n");
      } else if (b instanceof Block.Bullets l) {
        out.append("<ul>");
        l.items().forEach(i -> out.append("<li>").append(escape(i)).append("</li>"));
        out.append("</ul>\n");
      } else if (b instanceof Block.Table t) {
        out.append("<table><tr>");
        t.header().forEach(h -> out.append("<th>").append(escape(h)).append("</th>"));
        out.append("</tr>\n");
        for (List<String> r : t.rows()) {
          out.append("<tr>");
          r.forEach(c -> out.append("<td>").append(escape(c)).append("</td>"));
          out.append("</tr>\n");
        }
        out.append("</table>\n");
      } else if (b instanceof Block.Image i) {
        out.append("<p><img alt=\"")
            .append(escape(i.alt()))
            .append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(i.png()))
            .append("\"></p>\n");
      } else if (b instanceof Block.Code c) {
        out.append("<pre>").append(escape(c.text())).append("</pre>\n");
      }
    }
    return out.append("</body></html>\n").toString();
  }

  private static String cell(String text) {
    return text.replace("|", "\\|").replace("\n", " ");
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
