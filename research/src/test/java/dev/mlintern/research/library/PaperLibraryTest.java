package dev.mlintern.research.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.research.ResearchException;
import dev.mlintern.research.TestPdfs;
import dev.mlintern.research.read.PaperDocument;
import dev.mlintern.research.read.PaperReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaperLibraryTest {
  @TempDir Path home;
  @TempDir Path papers;
  PaperLibrary library;

  @BeforeEach
  void setUp() throws IOException {
    library = new PaperLibrary(home.resolve("library"));
    Files.write(
        papers.resolve("2110.14168.pdf"),
        TestPdfs.paper("Training Verifiers for Grade School Math"));
    Files.createDirectories(papers.resolve("vision"));
    Files.write(
        papers.resolve("vision").resolve("vit.pdf"),
        TestPdfs.pdf(
            List.of(
                List.of(
                    "An Image is Worth 16x16 Words",
                    "1 Introduction",
                    "Transformers applied to image patches for ImageNet classification."))));
    Files.writeString(
        papers.resolve("lora.md"),
        "# LoRA: Low-Rank Adaptation\n\n## Abstract\nWe freeze weights and train "
            + "low-rank matrices.\n\n## 4 Experiments\nOn GLUE, rank r = 8 matches full fine-tuning.\n");
    Files.writeString(
        papers.resolve("dpo.md"),
        "# Direct Preference Optimization\n\n## 1 Method\nA classification loss on "
            + "preference pairs replaces reinforcement learning from human feedback.\n");
    Files.write(
        papers.resolve("notes-latin1.txt"),
        "Résumé des expériences: la précision augmente.\n"
            .getBytes(Charset.forName("windows-1252")));
    Files.writeString(papers.resolve("broken.pdf"), "%PDF-1.7 this is not really a pdf");
    Files.writeString(papers.resolve("slides.pptx"), "ignored");
  }

  @Test
  void indexesPdfsMarkdownAndTextAndReportsUnreadableFiles() {
    AddReport report = library.add(papers);

    assertThat(report.added()).hasSize(5);
    assertThat(report.failed())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.path()).endsWith("broken.pdf");
              assertThat(f.reason()).contains("not a readable PDF");
            });
    assertThat(report.summary())
        .contains("5 new")
        .contains("1 unreadable")
        .contains("5 papers in the library");
  }

  @Test
  void searchFindsTheRightSectionAndReadWorksOffline() {
    library.add(papers);

    List<LibraryHit> hits = library.search("grade school math accuracy", 5);
    assertThat(hits)
        .first()
        .satisfies(
            hit -> {
              assertThat(hit.path()).endsWith("2110.14168.pdf");
              assertThat(hit.id()).startsWith("lib:2110-14168-");
              assertThat(hit.snippet()).containsIgnoringCase("math");
            });
    assertThat(library.search("low-rank adaptation", 5))
        .first()
        .satisfies(hit -> assertThat(hit.title()).isEqualTo("LoRA: Low-Rank Adaptation"));
    assertThat(library.search("preference pairs", 5))
        .first()
        .satisfies(hit -> assertThat(hit.heading()).isEqualTo("1 Method"));
    assertThat(library.search("précision", 5))
        .first()
        .satisfies(hit -> assertThat(hit.path()).endsWith("notes-latin1.txt"));

    PaperDocument doc = library.document(hits.get(0).id());
    assertThat(PaperReader.toc(doc)).contains("[2] 1 Introduction").contains("[3] 2 Method");
    assertThat(PaperReader.section(doc, "3", 0))
        .startsWith("## 2 Method")
        .contains("learning rate of 2e-5");
    assertThat(library.idsWithFileName("2110.14168")).containsExactly(hits.get(0).id());
  }

  @Test
  void reindexingOnlyTouchesWhatChanged() throws IOException {
    library.add(papers);

    AddReport again = library.add(papers);
    assertThat(again.added()).isEmpty();
    assertThat(again.updated()).isEmpty();
    assertThat(again.unchanged()).isEqualTo(5);

    Files.writeString(
        papers.resolve("dpo.md"),
        "# Direct Preference Optimization\n\n## 1 Method\nNow about kangaroos.\n");
    Files.setLastModifiedTime(
        papers.resolve("lora.md"), FileTime.from(Instant.now().plusSeconds(60)));
    Files.delete(papers.resolve("vision").resolve("vit.pdf"));

    AddReport changed = library.add(papers);
    assertThat(changed.updated()).singleElement().asString().endsWith("dpo.md");
    assertThat(changed.removed()).singleElement().asString().endsWith("vit.pdf");
    assertThat(changed.unchanged()).as("touched but identical content is not re-read").isEqualTo(3);
    assertThat(library.search("kangaroos", 5))
        .singleElement()
        .satisfies(h -> assertThat(h.path()).endsWith("dpo.md"));
    assertThat(library.search("reinforcement learning from human feedback", 5))
        .noneMatch(h -> h.path().endsWith("dpo.md"));
    assertThat(library.search("image patches", 5)).noneMatch(h -> h.path().endsWith("vit.pdf"));
    assertThat(library.size()).isEqualTo(4);
  }

  @Test
  void emptyLibraryAndUnknownIdsAreExplained() {
    assertThatThrownBy(() -> library.search("anything", 5))
        .isInstanceOf(ResearchException.class)
        .hasMessageContaining("library add");
    assertThatThrownBy(() -> library.document("lib:nope-000000"))
        .hasMessageContaining("library search");
    assertThatThrownBy(() -> library.document("lib:../../etc/passwd"))
        .isInstanceOf(ResearchException.class);
    assertThatThrownBy(() -> library.add(papers.resolve("missing")))
        .hasMessageContaining("no such file");
  }

  @Test
  void queriesWithLuceneSyntaxErrorsStillSearch() {
    library.add(papers);
    assertThat(library.search("GLUE AND (rank", 5)).isNotEmpty();
  }
}
