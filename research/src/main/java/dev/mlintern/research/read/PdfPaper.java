package dev.mlintern.research.read;

import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;

/**
 * Text of a PDF paper (PDFBox), split into sections by {@link SectionSplitter}. The fallback when
 * arXiv has no HTML rendering, and the reader for PDFs in the local library. Bounded: PDFBox caches
 * streams in temp files rather than the heap, at most {@link #MAX_PAGES} pages and {@link
 * #MAX_CHARS} characters are extracted, and what was cut is said in the document's notes. A file
 * that is not a PDF, or is encrypted, is a {@link Kind#BAD_DOCUMENT}.
 */
public final class PdfPaper {
  public static final int MAX_PAGES = 120;
  public static final int MAX_CHARS = 600_000;

  private PdfPaper() {}

  public static PaperDocument parse(String source, byte[] pdf) {
    try (PDDocument doc =
        Loader.loadPDF(pdf, "", null, null, IOUtils.createTempFileOnlyStreamCache())) {
      return read(source, doc);
    } catch (IOException e) {
      throw unreadable(source, e);
    }
  }

  public static PaperDocument parse(String source, Path file) {
    try (PDDocument doc =
        Loader.loadPDF(file.toFile(), "", IOUtils.createTempFileOnlyStreamCache())) {
      return read(source, doc);
    } catch (IOException e) {
      throw unreadable(source, e);
    }
  }

  private static PaperDocument read(String source, PDDocument doc) throws IOException {
    if (doc.isEncrypted() && !doc.getCurrentAccessPermission().canExtractContent()) {
      throw new ResearchException(
          Kind.BAD_DOCUMENT, source + " is an encrypted PDF that forbids text extraction");
    }
    int pages = doc.getNumberOfPages();
    int last = Math.min(pages, MAX_PAGES);
    PDFTextStripper stripper = new PDFTextStripper();
    StringBuilder text = new StringBuilder();
    List<String> notes = new ArrayList<>();
    for (int page = 1; page <= last; page++) {
      stripper.setStartPage(page);
      stripper.setEndPage(page);
      text.append(stripper.getText(doc));
      if (text.length() > MAX_CHARS) {
        text.setLength(MAX_CHARS);
        notes.add("text cut at " + MAX_CHARS + " characters, on page " + page + " of " + pages);
        break;
      }
    }
    if (pages > MAX_PAGES && notes.isEmpty()) {
      notes.add("the PDF has " + pages + " pages; only the first " + MAX_PAGES + " were read");
    }
    if (text.toString().isBlank()) {
      throw new ResearchException(
          Kind.BAD_DOCUMENT,
          source
              + " is a PDF with no extractable text (scanned images?); "
              + "look for an HTML or text version of the paper");
    }
    SectionSplitter.Split split = SectionSplitter.split(text.toString());
    if (split.guessed()) {
      notes.add(
          "no section headings recognised; the text is cut into parts of "
              + SectionSplitter.PART_CHARS
              + " characters");
    }
    String title =
        doc.getDocumentInformation() == null ? null : doc.getDocumentInformation().getTitle();
    if (title == null || title.isBlank()) {
      title = firstLine(text);
    }
    return new PaperDocument(
        source, "pdf", title, split.abstractText(), split.sections(), split.references(), notes);
  }

  private static String firstLine(CharSequence text) {
    for (String line : text.toString().split("\\R", 20)) {
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return "";
  }

  private static ResearchException unreadable(String source, IOException e) {
    return new ResearchException(
        Kind.BAD_DOCUMENT,
        source
            + " is not a readable PDF ("
            + e.getMessage()
            + "); the file may be corrupt or truncated — fetch it again or use another copy",
        e);
  }
}
