package dev.mlintern.research.library;

import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import dev.mlintern.research.read.HtmlPaper;
import dev.mlintern.research.read.PaperDocument;
import dev.mlintern.research.read.PdfPaper;
import dev.mlintern.research.read.TextPaper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Which library files are papers, and how each kind (PDF, HTML, Markdown, plain text) is read. */
final class LibraryFiles {
  static final Set<String> EXTENSIONS = Set.of("pdf", "html", "htm", "md", "markdown", "txt");
  static final long MAX_BYTES = 100L * 1024 * 1024;

  private LibraryFiles() {}

  static boolean isPaper(Path file) {
    String name = file.getFileName().toString();
    return !name.startsWith(".") && EXTENSIONS.contains(extension(name));
  }

  static PaperDocument read(Path file, String source) {
    String name = file.getFileName().toString();
    String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new ResearchException(
            Kind.BAD_DOCUMENT,
            name + " is larger than " + MAX_BYTES / (1024 * 1024) + " MB; skipped");
      }
      return switch (extension(name)) {
        case "pdf" -> PdfPaper.parse(source, file);
        case "html", "htm" -> HtmlPaper.parse(source, Files.readAllBytes(file));
        case "md", "markdown" -> TextPaper.markdown(source, Files.readAllBytes(file), stem);
        default -> TextPaper.plain(source, Files.readAllBytes(file), stem);
      };
    } catch (IOException e) {
      throw new ResearchException(
          Kind.BAD_DOCUMENT, "cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
