package dev.mlintern.research.bench;

import dev.mlintern.research.TestPdfs;
import dev.mlintern.research.library.AddReport;
import dev.mlintern.research.library.PaperLibrary;
import dev.mlintern.research.read.PaperDocument;
import dev.mlintern.research.read.PdfPaper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Benchmark (not a test): indexes a generated library of Markdown and PDF papers, re-indexes it
 * unchanged, runs searches, and extracts a 500-page PDF. Run with {@code mvn -q -o -pl research
 * exec:java -Dexec.mainClass=dev.mlintern.research.bench.LibraryBench -Dexec.classpathScope=test}
 * (arguments: markdown papers, PDF papers; default 400 and 40).
 */
public final class LibraryBench {
  private static final String[] WORDS =
      ("transformer attention dataset benchmark fine-tuning lora adapter reward model "
              + "preference optimization math reasoning translation image patches contrastive retrieval augmented generation "
              + "tokenizer pretraining corpus evaluation accuracy perplexity distillation quantization pruning sparse mixture "
              + "experts curriculum synthetic data augmentation robustness calibration")
          .split(" ");

  private LibraryBench() {}

  public static void main(String[] args) throws IOException {
    int markdown = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    int pdfs = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    Path root = Files.createTempDirectory("library-bench");
    Path papers = Files.createDirectories(root.resolve("papers"));
    Random random = new Random(42);
    for (int i = 0; i < markdown; i++) {
      StringBuilder md =
          new StringBuilder(
              "# Paper "
                  + i
                  + " on "
                  + words(random, 3)
                  + "\n\n## Abstract\n"
                  + words(random, 80)
                  + "\n");
      for (int s = 1; s <= 6; s++) {
        md.append("\n## ")
            .append(s)
            .append(' ')
            .append(words(random, 2))
            .append('\n')
            .append(words(random, 400))
            .append('\n');
      }
      Files.writeString(papers.resolve("paper-" + i + ".md"), md);
    }
    for (int i = 0; i < pdfs; i++) {
      List<List<String>> pages = new ArrayList<>();
      for (int p = 0; p < 8; p++) {
        List<String> lines = new ArrayList<>();
        lines.add((p + 1) + " " + capitalised(words(random, 2)));
        for (int l = 0; l < 40; l++) {
          lines.add(words(random, 12));
        }
        pages.add(lines);
      }
      Files.write(papers.resolve("scan-" + i + ".pdf"), TestPdfs.pdf(pages));
    }
    PaperLibrary library = new PaperLibrary(root.resolve("library"));
    long t0 = System.nanoTime();
    AddReport first = library.add(papers);
    long t1 = System.nanoTime();
    AddReport again = library.add(papers);
    long t2 = System.nanoTime();
    int queries = 200;
    for (int q = 0; q < queries; q++) {
      library.search(words(random, 3), 10);
    }
    long t3 = System.nanoTime();
    List<List<String>> big = new ArrayList<>();
    for (int p = 1; p <= 500; p++) {
      List<String> lines = new ArrayList<>();
      for (int l = 0; l < 40; l++) {
        lines.add("Page " + p + " line " + l + " " + words(random, 8));
      }
      big.add(lines);
    }
    byte[] bigPdf = TestPdfs.pdf(big);
    long t4 = System.nanoTime();
    PaperDocument doc = PdfPaper.parse("bench:big", bigPdf);
    long t5 = System.nanoTime();
    System.out.printf(
        "first add: %d papers (%d md + %d pdf) in %.1f s (%.1f papers/s)%n",
        first.added().size(), markdown, pdfs, secs(t0, t1), first.added().size() / secs(t0, t1));
    System.out.printf(
        "re-add unchanged: %d unchanged in %.2f s%n", again.unchanged(), secs(t1, t2));
    System.out.printf(
        "search: %d queries in %.2f s (%.1f ms/query)%n",
        queries, secs(t2, t3), secs(t2, t3) * 1000 / queries);
    System.out.printf(
        "500-page PDF (%d KB): %d characters, %d sections in %.1f s; notes: %s%n",
        bigPdf.length / 1024, doc.characters(), doc.sections().size(), secs(t4, t5), doc.notes());
    System.out.printf(
        "max heap %d MB, used after GC hint %d MB%n",
        Runtime.getRuntime().maxMemory() / (1 << 20),
        (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / (1 << 20));
  }

  private static String words(Random random, int n) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      out.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
    }
    return out.toString();
  }

  private static String capitalised(String text) {
    return Character.toUpperCase(text.charAt(0)) + text.substring(1);
  }

  private static double secs(long from, long to) {
    return (to - from) / 1e9;
  }
}
