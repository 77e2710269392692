package dev.mlintern.data.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.data.engine.AuditReport.Verdict;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BenchAuditTest {
  @TempDir Path work;

  static Stream<BenchTasks> tasks() {
    return BenchTasks.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tasks")
  void everyBenchTaskIsGoOrGoWithFixes(BenchTasks task) {
    try (DataEngine engine = DataEngine.open(work)) {
      AuditReport report = new Auditor(engine).audit(task.request());
      assertThat(report.verdict()).isIn(Verdict.GO, Verdict.GO_WITH_FIXES);
      assertThat(report.findings())
          .noneMatch(f -> f.kind().equals("leakage") && f.columns().contains(task.id()));
      assertThat(report.profile().path("rows").asLong()).isPositive();
    }
  }

  @Test
  void spamAndLetterReportTheirTestRowsThatRepeatTrainingRows() {
    for (String name : new String[] {"spam", "letter"}) {
      try (DataEngine engine = DataEngine.open(work)) {
        AuditReport report = new Auditor(engine).audit(BenchTasks.named(name).request());
        assertThat(report.findings("train_test_overlap"))
            .as(name)
            .singleElement()
            .satisfies(f -> assertThat(f.examples()).isNotEmpty());
        assertThat(report.verdict()).isEqualTo(Verdict.GO_WITH_FIXES);
      }
    }
  }
}
