package dev.mlintern.autopilot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlintern.autopilot.AutopilotException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GraderTest {
  private static BenchTask task(TaskType type, Metric metric, String positive) {
    return new BenchTask(Path.of("."), "t", type, "y", "id", metric, positive, "");
  }

  private static double grade(BenchTask task, String submission, String answers) {
    return new Grader(task).grade(CsvTable.parse(submission), CsvTable.parse(answers));
  }

  @Test
  void accuracyCountsExactLabelMatchesById() {
    String answers = "id,y\n1,a\n2,b\n3,a\n4,c\n";
    String submission = "y,id\nb,2\na,1\nc,3\nc,4\n";
    assertThat(grade(task(TaskType.CLASSIFICATION, Metric.ACCURACY, null), submission, answers))
        .isEqualTo(0.75);
  }

  @Test
  void f1UsesThePositiveLabel() {
    String answers = "id,y\n1,bad\n2,bad\n3,good\n4,good\n";
    String submission = "id,y\n1,bad\n2,good\n3,bad\n4,good\n";
    // tp=1 fp=1 fn=1 -> 2/4
    assertThat(grade(task(TaskType.CLASSIFICATION, Metric.F1, "bad"), submission, answers))
        .isEqualTo(0.5);
  }

  @Test
  void rocAucRanksProbabilitiesAndSharesTies() {
    String answers = "id,y\n1,p\n2,n\n3,p\n4,n\n";
    assertThat(
            grade(
                task(TaskType.CLASSIFICATION, Metric.ROC_AUC, "p"),
                "id,y\n1,0.9\n2,0.1\n3,0.8\n4,0.3\n",
                answers))
        .isEqualTo(1.0);
    assertThat(
            grade(
                task(TaskType.CLASSIFICATION, Metric.ROC_AUC, "p"),
                "id,y\n1,0.2\n2,0.9\n3,0.5\n4,0.6\n",
                answers))
        .isEqualTo(0.0);
    // one positive tied with one negative: (1 + 0.5 + 1 + 1) / 4 pairs... computed by hand = 0.875
    assertThat(
            grade(
                task(TaskType.CLASSIFICATION, Metric.ROC_AUC, "p"),
                "id,y\n1,0.5\n2,0.5\n3,0.8\n4,0.1\n",
                answers))
        .isEqualTo(0.875);
  }

  @Test
  void regressionMetricsMatchHandComputedValues() {
    String answers = "id,y\n1,1\n2,2\n3,3\n4,5\n";
    String submission = "id,y\n1,2\n2,2\n3,1\n4,5\n";
    assertThat(grade(task(TaskType.REGRESSION, Metric.RMSE, null), submission, answers))
        .isCloseTo(Math.sqrt(5.0 / 4), within(1e-12));
    assertThat(grade(task(TaskType.REGRESSION, Metric.MAE, null), submission, answers))
        .isEqualTo(0.75);
    double rmsle =
        Math.sqrt(
            (Math.pow(Math.log(3) - Math.log(2), 2) + Math.pow(Math.log(2) - Math.log(4), 2)) / 4);
    assertThat(grade(task(TaskType.REGRESSION, Metric.RMSLE, null), submission, answers))
        .isCloseTo(rmsle, within(1e-12));
  }

  @Test
  void submissionsMissingIdsOrColumnsAreRefusedByName() {
    BenchTask task = task(TaskType.CLASSIFICATION, Metric.ACCURACY, null);
    String answers = "id,y\n1,a\n2,b\n3,a\n";
    assertThatThrownBy(() -> grade(task, "id,label\n1,a\n2,b\n3,a\n", answers))
        .isInstanceOf(AutopilotException.class)
        .hasMessageContaining("no 'y' column");
    assertThatThrownBy(() -> grade(task, "id,y\n1,a\n", answers))
        .hasMessageContaining("lacks 2 of 3 test ids")
        .hasMessageContaining("2, 3");
    assertThatThrownBy(() -> grade(task, "id,y\n1,a\n1,b\n2,b\n3,a\n", answers))
        .hasMessageContaining("repeats id 1");
    assertThatThrownBy(
            () ->
                grade(
                    task(TaskType.REGRESSION, Metric.RMSE, null),
                    "id,y\n1,1\n2,x\n3,2\n",
                    "id,y\n1,1\n2,2\n3,3\n"))
        .hasMessageContaining("ids 2 have none");
  }

  @Test
  void csvKeepsQuotedCommasAndNewlines() {
    CsvTable table = CsvTable.parse("id,text\n1,\"a, \"\"quoted\"\"\nline\"\n2,plain\n");
    assertThat(table.values("text")).containsExactly("a, \"quoted\"\nline", "plain");
  }
}
