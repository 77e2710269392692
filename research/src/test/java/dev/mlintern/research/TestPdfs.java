package dev.mlintern.research;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Generates small PDFs for tests: one list of lines per page, Helvetica 11pt. */
public final class TestPdfs {
  private TestPdfs() {}

  public static byte[] pdf(List<List<String>> pages) {
    try (PDDocument doc = new PDDocument();
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
      for (List<String> lines : pages) {
        PDPage page = new PDPage();
        doc.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
          content.beginText();
          content.setFont(font, 11);
          content.setLeading(14);
          content.newLineAtOffset(50, 740);
          for (String line : lines) {
            content.showText(line);
            content.newLine();
          }
          content.endText();
        }
      }
      doc.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A two-page paper with numbered sections, hyperparameters and a reference list. */
  public static byte[] paper(String title) {
    return pdf(
        List.of(
            List.of(
                title,
                "Abstract",
                "We fine-tune a small model on GSM8K and evaluate on MATH.",
                "1 Introduction",
                "Reasoning benchmarks are hard for small models.",
                "2 Method",
                "We train with AdamW, a learning rate of 2e-5 and batch size 64 for 3 epochs."),
            List.of(
                "3 Results",
                "Accuracy on GSM8K improves from 40.1 to 52.3.",
                "References",
                "[1] K. Cobbe et al. Training verifiers to solve math word problems. 2021.")));
  }
}
