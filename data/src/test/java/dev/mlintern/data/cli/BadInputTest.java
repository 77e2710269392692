package dev.mlintern.data.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.config.Settings;
import dev.mlintern.testkit.CommandRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad files get one clear line on stderr naming the file and the row or column: no stack trace, no
 * output file.
 */
class BadInputTest {
  @TempDir Path dir;

  private CommandRun audit(Path file, String... more) {
    String[] args = new String[2 + more.length];
    args[0] = "audit";
    args[1] = file.toString();
    System.arraycopy(more, 0, args, 2, more.length);
    return CommandRun.run(
        new DataCommand(
            Settings.of(dir, Map.of("MLINTERN_DATA_SCRATCH", dir.resolve("scratch").toString()))),
        args);
  }

  private static void assertClearError(CommandRun r, String... parts) {
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .startsWith("mlintern data audit: ")
        .contains(parts)
        .doesNotContain("\tat ", "Exception");
    assertThat(r.err().lines().count()).isEqualTo(1);
  }

  @Test
  void malformedCsvRowNamesTheLine() throws IOException {
    Path f =
        write(
            "rows.csv",
            "id,text,label\n1,hello,a\n2,\"quoted, fine\",b\n3,one,too,many,b\n4,x,a\n");
    assertClearError(audit(f), "rows.csv", "line 4", "5 fields", "header has 3");
  }

  @Test
  void unclosedQuoteIsReported() throws IOException {
    Path f = write("quote.csv", "id,text\n1,\"never closed\n2,x\n");
    assertClearError(audit(f), "quote.csv", "line 2", "never closed");
  }

  @Test
  void invalidUtf8NamesLineAndColumn() throws IOException {
    Path f = dir.resolve("latin1.csv");
    Files.write(f, "id,text,label\n1,ok,a\n2,caf\u00e9,b\n".getBytes(StandardCharsets.ISO_8859_1));
    assertClearError(audit(f), "latin1.csv", "line 3", "column 'text'", "not valid UTF-8");
    Path j = dir.resolve("latin1.jsonl");
    Files.write(j, "{\"t\":\"ok\"}\n{\"t\":\"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
    assertClearError(audit(j), "latin1.jsonl", "line 2", "not valid UTF-8");
  }

  @Test
  void malformedJsonLineIsReported() throws IOException {
    Path f = write("broken.jsonl", "{\"a\": 1}\n{\"a\": 2\n{\"a\": 3}\n");
    assertClearError(audit(f), "broken.jsonl", "Malformed JSON");
  }

  @Test
  void truncatedParquetIsReported() throws IOException {
    Path good = dir.resolve("good.parquet");
    CommandRun convert =
        CommandRun.run(
            new DataCommand(Settings.of(dir, Map.of("MLINTERN_DATA_SCRATCH", dir.toString()))),
            "convert",
            write("src.csv", "text,label\n" + "some words here,a\n".repeat(500)).toString(),
            "--to",
            "classification",
            "--out",
            good.toString());
    assertThat(convert.exit()).as(convert.err()).isZero();
    byte[] bytes = Files.readAllBytes(good);
    Path cut = dir.resolve("cut.parquet");
    Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
    assertClearError(audit(cut), "cut.parquet", "truncated or corrupt");
  }

  @Test
  void emptyAndMissingFilesAreReported() throws IOException {
    assertClearError(audit(write("empty.csv", "")), "empty.csv", "empty");
    assertClearError(audit(write("blank.jsonl", "\n\n")), "blank.jsonl", "empty");
    assertClearError(audit(dir.resolve("nope.csv")), "nope.csv", "no such file");
    assertClearError(
        audit(write("ok.csv", "a,b\n1,2\n"), "--target", "label"),
        "no column 'label'",
        "columns are: a, b");
  }

  @Test
  void tenThousandColumnsAreAuditedWithAReadableProfile() throws Exception {
    StringBuilder csv = new StringBuilder();
    int columns = 10_000;
    for (int c = 0; c < columns; c++) {
      csv.append(c == 0 ? "" : ",").append("f").append(c);
    }
    csv.append(",label\n");
    for (int r = 0; r < 30; r++) {
      for (int c = 0; c < columns; c++) {
        csv.append(c == 0 ? "" : ",").append((r * 31 + c * 7) % 13);
      }
      csv.append(',').append(r % 3 == 0 ? "x" : "y").append('\n');
    }
    CommandRun r = audit(write("wide.csv", csv.toString()), "--target", "label", "--json");
    assertThat(r.exit()).as(r.err()).isZero();
    var report = new ObjectMapper().readTree(r.out());
    assertThat(report.path("profile").path("columns").asInt()).isEqualTo(columns + 1);
    assertThat(report.path("profile").path("column_stats").size()).isEqualTo(200);
    assertThat(report.path("profile").path("note").asText()).contains("first 200 of 10001 columns");
  }

  private Path write(String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    return f;
  }
}
