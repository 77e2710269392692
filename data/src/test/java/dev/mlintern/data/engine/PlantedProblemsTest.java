package dev.mlintern.data.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.data.engine.AuditReport.Severity;
import dev.mlintern.data.engine.AuditReport.Verdict;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each problem is planted into a copy of real bench data; the audit must catch it and stay quiet on
 * the clean copy.
 */
class PlantedProblemsTest {
  @TempDir Path work;

  /**
   * Writes the result of {@code select} (over table {@code src}, read from {@code from}) to a CSV
   * file.
   */
  private Path plant(Path from, String select, String name) {
    Path out = work.resolve(name);
    try (DataEngine engine = DataEngine.open(work.resolve("plant"))) {
      engine.load("src", from);
      engine.execute(
          "COPY ("
              + select
              + ") TO "
              + DataEngine.literal(out.toString())
              + " (HEADER, DELIMITER ',')");
    }
    return out;
  }

  private AuditReport audit(AuditRequest request) {
    try (DataEngine engine = DataEngine.open(work.resolve("audit"))) {
      return new Auditor(engine).audit(request);
    }
  }

  @Test
  void duplicates() {
    BenchTasks wine = BenchTasks.named("wine");
    Path clean = plant(wine.train(), "SELECT * FROM src", "clean.csv");
    Path planted =
        plant(
            wine.train(),
            "SELECT * FROM src UNION ALL SELECT id + 1000 AS id, * EXCLUDE (id) FROM src WHERE id % 8 = 0",
            "dups.csv");
    Function<Path, AuditRequest> request =
        p -> AuditRequest.of(p).withTarget("cultivar").withId("id");

    assertThat(audit(request.apply(clean)).findings("duplicates")).isEmpty();
    AuditReport report = audit(request.apply(planted));
    assertThat(report.findings("duplicates"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARN);
              assertThat(f.message()).startsWith("16 rows");
              assertThat(f.examples().get(0).path("id").get(1).asText())
                  .isEqualTo(
                      String.valueOf(
                          Integer.parseInt(f.examples().get(0).path("id").get(0).asText()) + 1000));
            });
    assertThat(report.verdict()).isEqualTo(Verdict.GO_WITH_FIXES);
  }

  @Test
  void trainTestLeakage() {
    BenchTasks cancer = BenchTasks.named("breast-cancer");
    Path test = cancer.test();
    Path leaky =
        plant(
            cancer.train(),
            "SELECT * FROM src UNION ALL BY NAME SELECT *, 'benign' AS diagnosis FROM "
                + "read_csv("
                + DataEngine.literal(test.toString())
                + ") WHERE id % 5 = 0",
            "leaky.csv");
    Path half =
        plant(
            cancer.train(),
            "SELECT * FROM src UNION ALL BY NAME SELECT *, 'benign' AS diagnosis FROM "
                + "read_csv("
                + DataEngine.literal(test.toString())
                + ") WHERE id % 3 <> 0",
            "half.csv");
    Function<Path, AuditRequest> request =
        p -> AuditRequest.of(p).withTest(test).withTarget("diagnosis").withId("id");

    AuditReport clean = audit(request.apply(cancer.train()));
    assertThat(clean.findings("train_test_overlap")).isEmpty();
    assertThat(clean.verdict()).isEqualTo(Verdict.GO);
    AuditReport some = audit(request.apply(leaky));
    assertThat(some.findings("train_test_overlap"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARN);
              assertThat(f.examples())
                  .allSatisfy(
                      e -> assertThat(e.path("test").asText()).isEqualTo(e.path("train").asText()));
            });
    AuditReport most = audit(request.apply(half));
    assertThat(most.findings("train_test_overlap"))
        .singleElement()
        .extracting(AuditReport.Finding::severity)
        .isEqualTo(Severity.BLOCK);
    assertThat(most.verdict()).isEqualTo(Verdict.NO_GO);
  }

  @Test
  void targetLeakingColumnButNeverTheDeclaredId() {
    BenchTasks credit = BenchTasks.named("credit");
    Path planted =
        plant(
            credit.train(),
            "SELECT *, CASE WHEN (Status = 'bad') <> (id % 100 = 7) THEN 'flagged' ELSE 'ok' END "
                + "AS review_flag FROM src",
            "leak.csv");
    Function<Path, AuditRequest> request =
        p -> AuditRequest.of(p).withTarget("Status").withId("id").withType("classification");

    AuditReport clean = audit(request.apply(credit.train()));
    assertThat(clean.findings("leakage")).isEmpty();
    AuditReport report = audit(request.apply(planted));
    assertThat(report.findings("leakage"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.columns()).containsExactly("review_flag");
              assertThat(f.severity()).isEqualTo(Severity.BLOCK);
            });
    assertThat(report.verdict()).isEqualTo(Verdict.NO_GO);

    AuditReport undeclared = audit(AuditRequest.of(credit.train()).withTarget("Status"));
    assertThat(undeclared.findings("leakage"))
        .singleElement()
        .satisfies(f -> assertThat(f.columns()).containsExactly("id"));
  }

  @Test
  void regressionTargetLeak() {
    BenchTasks diabetes = BenchTasks.named("diabetes");
    Path planted =
        plant(
            diabetes.train(),
            "SELECT *, progression * 2.5 + (id % 3) AS followup_score FROM src",
            "leak.csv");
    Function<Path, AuditRequest> request =
        p -> AuditRequest.of(p).withTarget("progression").withId("id").withType("regression");
    assertThat(audit(request.apply(diabetes.train())).findings("leakage")).isEmpty();
    assertThat(audit(request.apply(planted)).findings("leakage"))
        .singleElement()
        .satisfies(f -> assertThat(f.columns()).containsExactly("followup_score"));
  }

  @Test
  void contaminatedEvaluationItems() {
    BenchTasks foods = BenchTasks.named("fine-foods");
    Path eval = foods.test();
    Path planted =
        plant(
            foods.train(),
            "SELECT * FROM src UNION ALL BY NAME SELECT id + 100000 AS id, product, review, 'great' AS score "
                + "FROM read_csv("
                + DataEngine.literal(eval.toString())
                + ") WHERE id % 20 = 3",
            "contaminated.csv");
    Function<Path, AuditRequest> request =
        p ->
            AuditRequest.of(p)
                .withTarget("score")
                .withId("id")
                .withText("review")
                .withEval(eval, "review");

    AuditReport clean = audit(request.apply(foods.train()));
    long realOverlap = oracle(foods.train(), eval);
    assertThat(clean.findings("contamination"))
        .allSatisfy(
            f -> {
              assertThat(f.severity())
                  .as("the real data's few shared reviews warn, they do not block")
                  .isEqualTo(Severity.WARN);
              assertThat(f.message()).startsWith(realOverlap + " of ");
            });
    AuditReport report = audit(request.apply(planted));
    long plantedOverlap = oracle(planted, eval);
    assertThat(plantedOverlap).isGreaterThan(realOverlap + 40);
    assertThat(report.findings("contamination"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.BLOCK);
              assertThat(f.message()).startsWith(plantedOverlap + " of ");
              assertThat(f.examples()).isNotEmpty();
            });
    assertThat(report.verdict()).isEqualTo(Verdict.NO_GO);
  }

  @Test
  void severeLabelImbalance() {
    BenchTasks cancer = BenchTasks.named("breast-cancer");
    Path planted =
        plant(
            cancer.train(),
            "SELECT * FROM src WHERE diagnosis = 'benign' OR id % 12 = 0",
            "rare.csv");
    Function<Path, AuditRequest> request =
        p -> AuditRequest.of(p).withTarget("diagnosis").withId("id");
    assertThat(audit(request.apply(cancer.train())).findings("imbalance")).isEmpty();
    AuditReport report = audit(request.apply(planted));
    assertThat(report.findings("imbalance"))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.severity()).isEqualTo(Severity.WARN);
              assertThat(f.message()).contains("'malignant'");
            });
    assertThat(report.verdict()).isEqualTo(Verdict.GO_WITH_FIXES);
  }

  /**
   * An independent count of evaluation reviews sharing a 13-gram with training reviews, in plain
   * Java.
   */
  private long oracle(Path train, Path eval) {
    try (DataEngine engine = DataEngine.open(work.resolve("oracle"))) {
      engine.load("tr", train);
      engine.load("ev", eval);
      Set<String> grams = new HashSet<>();
      engine.query(
          "SELECT review FROM tr WHERE review IS NOT NULL",
          r -> grams.addAll(grams(r.getString(1))));
      long[] hits = {0};
      engine.query(
          "SELECT review FROM ev WHERE review IS NOT NULL",
          r -> {
            if (grams(r.getString(1)).stream().anyMatch(grams::contains)) {
              hits[0]++;
            }
          });
      return hits[0];
    }
  }

  private static List<String> grams(String text) {
    List<String> words =
        List.of(text.toLowerCase().split("[^\\p{L}\\p{N}]+")).stream()
            .filter(w -> !w.isEmpty())
            .toList();
    return java.util.stream.IntStream.rangeClosed(0, words.size() - 13)
        .mapToObj(i -> String.join(" ", words.subList(i, i + 13)))
        .toList();
  }
}
