package dev.mlintern.data.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Audits a generated 200 MB CSV in a child JVM whose heap is capped at 256 MB: DuckDB holds the
 * data off-heap and every Java-side pass streams, so the audit must finish with a report. The file
 * is generated once into target/.
 */
class BoundedMemoryTest {
  private static final long SIZE = 200L * 1024 * 1024;
  private static final List<String> WORDS =
      List.of(
          "data", "model", "train", "token", "batch", "loss", "layer", "graph", "noise", "signal",
          "vector", "matrix", "sample", "label", "error", "metric", "score", "budget", "cluster",
          "kernel");
  @TempDir Path scratch;

  @Test
  void twoHundredMegabytesAuditWithA256MegabyteHeap() throws Exception {
    Path file = generate(Path.of("target", "bounded-memory", "big.csv"));
    Path stdout = scratch.resolve("out.json");
    Path stderr = scratch.resolve("err.txt");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Dscratch=" + scratch,
                "-cp",
                System.getProperty("java.class.path"),
                AuditMain.class.getName(),
                "audit",
                file.toString(),
                "--target",
                "label",
                "--id",
                "id",
                "--text",
                "text",
                "--json")
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    boolean done = child.waitFor(8, TimeUnit.MINUTES);
    if (!done) {
      child.destroyForcibly();
    }
    String err = Files.readString(stderr);
    assertThat(done).as("audit finished in time").isTrue();
    assertThat(err).doesNotContain("OutOfMemoryError");
    assertThat(child.exitValue()).as(err).isZero();
    JsonNode report = new ObjectMapper().readTree(stdout.toFile());
    assertThat(report.path("profile").path("rows").asLong()).isGreaterThan(1_000_000);
    assertThat(report.path("verdict").asText()).isIn("GO", "GO-WITH-FIXES");
    assertThat(report.path("findings"))
        .anySatisfy(f -> assertThat(f.path("kind").asText()).isEqualTo("duplicates"));
  }

  /**
   * id, five numeric features, a short text and a label; every 50th row repeats the one before
   * (planted duplicates).
   */
  static Path generate(Path file) throws IOException {
    if (Files.isRegularFile(file) && Files.size(file) >= SIZE) {
      return file;
    }
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling("big.csv.tmp");
    SplittableRandom random = new SplittableRandom(7);
    long written = 0;
    try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      out.write("id,f1,f2,f3,f4,f5,text,label\n");
      String previous = null;
      for (long id = 0; written < SIZE; id++) {
        String body;
        if (previous != null && id % 50 == 0) {
          body = previous;
        } else {
          StringBuilder row = new StringBuilder();
          for (int f = 0; f < 5; f++) {
            row.append(random.nextInt(100000) / 100.0).append(',');
          }
          for (int w = 0; w < 8; w++) {
            row.append(w == 0 ? "" : " ")
                .append(WORDS.get(random.nextInt(WORDS.size())))
                .append(random.nextInt(1000));
          }
          row.append(',').append(random.nextInt(10) < 3 ? "pos" : "neg");
          body = row.toString();
        }
        previous = body;
        String line = id + "," + body + "\n";
        out.write(line);
        written += line.length();
      }
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    return file;
  }
}
