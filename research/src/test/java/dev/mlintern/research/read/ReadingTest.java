package dev.mlintern.research.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.research.ResearchException;
import dev.mlintern.research.ResearchException.Kind;
import dev.mlintern.research.TestPdfs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingTest {
  static byte[] resource(String name) throws IOException {
    try (InputStream in = ReadingTest.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  PaperDocument sft() throws IOException {
    return HtmlPaper.parse("arxiv:2501.00001", resource("read/latexml_with_table.html"));
  }

  @Test
  void tableOfContentsThenOneSectionWithItsTable() throws IOException {
    PaperDocument doc = sft();

    String toc = PaperReader.toc(doc);
    assertThat(toc)
        .contains("Title: Small Models Learn Math from Synthetic Data")
        .contains("[1] 2 Setup")
        .contains("[2] 4 Results")
        .contains("1 table")
        .contains("Abstract: We fine-tune");

    String results = PaperReader.section(doc, "2", 0);
    assertThat(results)
        .startsWith("## 4 Results")
        .contains("| Model | GSM8K | MATH |")
        .contains("| + SFT (ours) | 52.3 |")
        .contains("Table 2: Accuracy (%) on GSM8K and MATH.");
    assertThat(PaperReader.section(doc, "4", 0)).isEqualTo(results);
    assertThat(PaperReader.section(doc, "setup", 0)).startsWith("## 2 Setup");
  }

  @Test
  void longSectionsAreCappedWithAnOffsetToContinue() {
    String text = "word ".repeat(10_000);
    PaperDocument doc =
        new PaperDocument(
            "x",
            "text",
            "T",
            "",
            List.of(new Section("1", "Long", 1, text, List.of())),
            List.of(),
            List.of());

    String first = PaperReader.section(doc, "1", 0);
    assertThat(first.length()).isLessThan(PaperReader.MAX_CHARS + 200);
    assertThat(first).contains("read again with section=1 offset=12000");
    String second = PaperReader.section(doc, "1", 12_000);
    assertThat(second).contains("continuing at character 12000");
    assertThatThrownBy(() -> PaperReader.section(doc, "1", 60_000))
        .hasMessageContaining("past the end");
    assertThatThrownBy(() -> PaperReader.section(doc, "7", 0))
        .hasMessageContaining("entries 1 to 1");
  }

  @Test
  void helpersFindDatasetsHyperparametersAndResults() throws IOException {
    PaperDocument doc = sft();

    assertThat(DatasetFinder.find(doc))
        .extracting(Mention::name)
        .contains("meta-math/MetaMathQA", "GSM8K", "MATH")
        .doesNotContain("AdamW", "We");
    List<Mention> hyper = HyperparameterFinder.find(doc);
    assertThat(hyper)
        .extracting(m -> m.name() + "=" + m.value())
        .contains(
            "learning_rate=2e-5",
            "batch_size=128",
            "epochs=3",
            "warmup=100",
            "weight_decay=0.01",
            "lora_rank=16",
            "lora_alpha=32",
            "optimizer=AdamW");
    assertThat(hyper).allSatisfy(m -> assertThat(m.location()).isEqualTo("§2"));

    List<ReportedResult> results = ResultsTables.find(doc);
    assertThat(results)
        .extracting(r -> r.row() + "|" + r.column() + "|" + r.value())
        .containsExactly(
            "Qwen2.5-0.5B|GSM8K|41.6",
            "Qwen2.5-0.5B|MATH|20.3",
            "+ SFT (ours)|GSM8K|52.3",
            "+ SFT (ours)|MATH|24.9");
    assertThat(results.get(0).location()).isEqualTo("Table 2 (§4)");
  }

  @Test
  void htmlWithNoSectionsIsOneSectionWithANote() throws IOException {
    PaperDocument doc = HtmlPaper.parse("library:notes", resource("read/no_sections.html"));

    assertThat(doc.sections())
        .singleElement()
        .satisfies(s -> assertThat(s.text()).contains("no headings at all"));
    assertThat(doc.notes()).singleElement().asString().contains("no section headings");
  }

  @Test
  void emptyHtmlIsABadDocument() {
    assertThatThrownBy(
            () ->
                HtmlPaper.parse(
                    "arxiv:1", "<html><body></body></html>".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ResearchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_DOCUMENT));
  }

  @Test
  void corruptPdfIsABadDocumentNotACrash() {
    byte[] truncated = java.util.Arrays.copyOf(TestPdfs.paper("X"), 300);
    assertThatThrownBy(
            () ->
                PdfPaper.parse(
                    "library:broken", "not a pdf at all".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ResearchException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_DOCUMENT))
        .hasMessageContaining("not a readable PDF");
    assertThatThrownBy(() -> PdfPaper.parse("library:truncated", truncated))
        .isInstanceOf(ResearchException.class);
  }

  @Test
  void fiveHundredPagePdfIsReadBoundedAndSaysWhatWasCut() {
    List<List<String>> pages = new ArrayList<>();
    for (int p = 1; p <= 500; p++) {
      List<String> lines = new ArrayList<>();
      if (p % 50 == 1) {
        lines.add((p / 50 + 1) + " Chapter " + (p / 50 + 1));
      }
      for (int l = 0; l < 8; l++) {
        lines.add(
            "Page "
                + p
                + " line "
                + l
                + " of a very long report about training language models on math.");
      }
      pages.add(lines);
    }
    byte[] big = TestPdfs.pdf(pages);
    long start = System.nanoTime();

    PaperDocument doc = PdfPaper.parse("library:big", big);

    assertThat((System.nanoTime() - start) / 1_000_000_000.0).as("seconds").isLessThan(30);
    assertThat(doc.notes()).anySatisfy(n -> assertThat(n).containsAnyOf("500 pages", "cut at"));
    assertThat(doc.characters()).isLessThanOrEqualTo(PdfPaper.MAX_CHARS);
    assertThat(String.join("", doc.sections().stream().map(Section::text).toList()))
        .doesNotContain("Page 200 line");
    assertThat(PaperReader.section(doc, "1", 0).length()).isLessThan(PaperReader.MAX_CHARS + 200);
  }

  @Test
  void nonUtf8TextIsDecodedAsWindows1252WithANote() {
    byte[] latin1 =
        "# Résumé\n\n## 1 Données\n\nLes données d'entraînement — café.\n"
            .getBytes(Charset.forName("windows-1252"));

    PaperDocument doc = TextPaper.markdown("library:fr", latin1, "fr");

    assertThat(doc.title()).isEqualTo("Résumé");
    assertThat(doc.sections())
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.heading()).isEqualTo("1 Données");
              assertThat(s.text()).contains("entraînement — café");
            });
    assertThat(doc.notes()).singleElement().asString().contains("windows-1252");
  }

  @Test
  void markdownPipeTablesBecomeTables() {
    String md =
        "# Paper\n\n## Abstract\nShort.\n\n## 3 Results\nSee below.\n\nTable 1: Scores\n\n| Model | F1 |\n|---|---|\n| base | 80.1 |\n| ours | 85.0 |\n\nDone.\n";

    PaperDocument doc = TextPaper.markdown("library:md", md.getBytes(StandardCharsets.UTF_8), "md");

    assertThat(doc.abstractText()).isEqualTo("Short.");
    Section results = doc.sections().get(0);
    assertThat(results.tables())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.label()).isEqualTo("Table 1");
              assertThat(t.rows()).hasSize(3);
            });
    assertThat(results.text()).doesNotContain("| base |");
    assertThat(ResultsTables.find(doc))
        .extracting(ReportedResult::value)
        .containsExactly(80.1, 85.0);
  }
}
