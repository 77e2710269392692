package dev.mlintern.data.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.config.Settings;
import dev.mlintern.testkit.CommandRun;
import dev.mlintern.testkit.Shared;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
  @TempDir Path home;

  private DataCommand data() {
    return new DataCommand(
        Settings.of(home, Map.of("MLINTERN_DATA_SCRATCH", home.resolve("scratch").toString())));
  }

  private static String task(String name, String file) {
    return Shared.benchTask(name).resolve("data").resolve(file).toString();
  }

  @Test
  void auditJsonPrintsExactlyTheReportObject() throws Exception {
    CommandRun r =
        CommandRun.run(
            data(),
            "audit",
            task("spam", "train.csv"),
            "--test",
            task("spam", "test.csv"),
            "--target",
            "type",
            "--id",
            "id",
            "--json");
    assertThat(r.exit()).isZero();
    JsonNode report = new ObjectMapper().readTree(r.out());
    assertThat(report.fieldNames()).toIterable().containsExactly("verdict", "findings", "profile");
    assertThat(report.path("verdict").asText()).isEqualTo("GO-WITH-FIXES");
    assertThat(report.path("findings"))
        .anySatisfy(
            f -> {
              assertThat(f.path("kind").asText()).isEqualTo("train_test_overlap");
              assertThat(f.path("severity").asText()).isEqualTo("warn");
              assertThat(f.path("examples")).isNotEmpty();
            });
    assertThat(report.path("findings").get(0).fieldNames())
        .toIterable()
        .containsExactly("kind", "severity", "message", "columns", "examples");
  }

  @Test
  void noGoExitsThreeOnlyWhenAsked() throws Exception {
    Path leaky = home.resolve("leaky.csv");
    StringBuilder csv = new StringBuilder("id,x,flag,label\n");
    for (int i = 0; i < 200; i++) {
      String label = i % 2 == 0 ? "a" : "b";
      csv.append(i)
          .append(',')
          .append(i % 7)
          .append(',')
          .append(label.equals("a") ? "yes" : "no")
          .append(',')
          .append(label)
          .append('\n');
    }
    Files.writeString(leaky, csv);
    CommandRun plain =
        CommandRun.run(data(), "audit", leaky.toString(), "--target", "label", "--id", "id");
    assertThat(plain.exit()).isZero();
    assertThat(plain.out()).startsWith("Verdict: NO-GO").contains("column 'flag'");
    CommandRun strict =
        CommandRun.run(
            data(),
            "audit",
            leaky.toString(),
            "--target",
            "label",
            "--id",
            "id",
            "--fail-on-no-go");
    assertThat(strict.exit()).isEqualTo(3);
    CommandRun fine =
        CommandRun.run(
            data(),
            "audit",
            task("wine", "train.csv"),
            "--target",
            "cultivar",
            "--id",
            "id",
            "--fail-on-no-go");
    assertThat(fine.exit()).isZero();
    assertThat(fine.out()).startsWith("Verdict: GO\n");
  }

  @Test
  void profilePrintsColumnsAndLabelBalance() {
    CommandRun r =
        CommandRun.run(data(), "profile", task("credit", "train.csv"), "--target", "Status");
    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("3340 rows, 15 columns", "Income", "Label balance of Status: good=")
        .doesNotContain("error");
  }

  @Test
  void convertWritesTheTargetFormatWithAHashAndNothingOnFailure() throws Exception {
    Path out = home.resolve("out").resolve("reviews.jsonl");
    CommandRun r =
        CommandRun.run(
            data(),
            "convert",
            task("fine-foods", "train.csv"),
            "--to",
            "classification",
            "--map",
            "label=score",
            "--out",
            out.toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("4000 rows", "sha256:");
    String first = Files.readAllLines(out, StandardCharsets.UTF_8).get(0);
    assertThat(new ObjectMapper().readTree(first).fieldNames())
        .toIterable()
        .containsExactly("text", "label");
    JsonNode manifest =
        new ObjectMapper().readTree(out.resolveSibling("reviews.jsonl.manifest.json").toFile());
    assertThat(r.out()).contains(manifest.path("sha256").asText());

    Path bad = home.resolve("out").resolve("dpo.parquet");
    CommandRun failed =
        CommandRun.run(
            data(),
            "convert",
            task("fine-foods", "train.csv"),
            "--to",
            "dpo",
            "--out",
            bad.toString());
    assertThat(failed.exit()).isEqualTo(2);
    assertThat(failed.err())
        .contains("no column for 'prompt'", "columns are: id, product, review, score");
    assertThat(Files.list(bad.getParent()))
        .noneMatch(p -> p.getFileName().toString().contains("dpo"));
  }

  @Test
  void usageErrorsExitTwo() {
    assertThat(CommandRun.run(data()).exit()).isEqualTo(2);
    assertThat(CommandRun.run(data(), "audit").exit()).isEqualTo(2);
    assertThat(CommandRun.run(data(), "audit", "x.csv", "--bogus").exit()).isEqualTo(2);
  }
}
