package dev.mlintern.autopilot.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.autopilot.AutopilotException;
import dev.mlintern.testkit.Shared;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTaskTest {
  @TempDir Path dir;

  /** Writes a small task here (a stand-in written by this test, not a shared fixture). */
  private Path task(String front, String train, String test) throws IOException {
    Files.createDirectories(dir.resolve("data"));
    Files.writeString(
        dir.resolve("task.md"), "---\n" + front + "---\n\nA task written by this test.\n");
    if (train != null) {
      Files.writeString(dir.resolve("data/train.csv"), train);
    }
    if (test != null) {
      Files.writeString(dir.resolve("data/test.csv"), test);
    }
    return dir;
  }

  private static final String FRONT =
      "name: toy\ntype: classification\ntarget: y\nid: id\nmetric: accuracy\n";

  @Test
  void loadsEverySharedBenchTask() throws IOException {
    try (var tasks = Files.list(Shared.root().resolve("bench/tasks"))) {
      assertThat(tasks.map(BenchTask::load).map(BenchTask::name))
          .contains("credit", "diabetes", "fine-foods", "letter", "spam", "wine", "breast-cancer");
    }
    BenchTask credit = BenchTask.load(Shared.benchTask("credit"));
    assertThat(credit.metric()).isEqualTo(Metric.ROC_AUC);
    assertThat(credit.positive()).isEqualTo("bad");
    assertThat(credit.target()).isEqualTo("Status");
    assertThat(credit.about()).startsWith("Credit applications");
  }

  @Test
  void loadsTheProjectsOwnBenchTasksAndGradesTheirAnswersPerfectly() throws IOException {
    BenchTask digits = BenchTask.load(Path.of("../bench/tasks/digits-wide"));
    assertThat(digits.metric()).isEqualTo(Metric.ACCURACY);
    assertThat(Files.readAllLines(digits.train()).get(0).split(",")).hasSize(786);
    BenchTask house = BenchTask.load(Path.of("../bench/tasks/house-prices"));
    assertThat(house.metric()).isEqualTo(Metric.RMSLE);
    assertThat(new Grader(digits).grade(Path.of("../bench/tasks/digits-wide/answers/test.csv")))
        .isEqualTo(1.0);
    assertThat(new Grader(house).grade(Path.of("../bench/tasks/house-prices/answers/test.csv")))
        .isEqualTo(0.0);
  }

  @Test
  void missingFilesAreNamed() throws IOException {
    Path task = task(FRONT, "id,x,y\n1,2,a\n", null);
    assertThatThrownBy(() -> BenchTask.load(task))
        .isInstanceOf(AutopilotException.class)
        .hasMessageContaining("data/test.csv is missing");
    assertThatThrownBy(() -> BenchTask.load(dir.resolve("nope")))
        .hasMessageContaining("does not exist");
  }

  @Test
  void aTargetThatIsNotAColumnIsRefusedWithTheColumns() throws IOException {
    Path task = task(FRONT.replace("target: y", "target: label"), "id,x,y\n1,2,a\n", "id,x\n5,3\n");
    assertThatThrownBy(() -> BenchTask.load(task))
        .hasMessageContaining("target column 'label'")
        .hasMessageContaining("id, x, y");
  }

  @Test
  void aMetricTheTypeCannotUseIsRefused() throws IOException {
    Path task =
        task(FRONT.replace("metric: accuracy", "metric: rmse"), "id,x,y\n1,2,a\n", "id,x\n5,3\n");
    assertThatThrownBy(() -> BenchTask.load(task))
        .hasMessageContaining("metric 'rmse' cannot score a classification task");
    Path auc =
        task(
            FRONT.replace("metric: accuracy", "metric: roc_auc"), "id,x,y\n1,2,a\n", "id,x\n5,3\n");
    assertThatThrownBy(() -> BenchTask.load(auc)).hasMessageContaining("needs 'positive:'");
  }

  @Test
  void testColumnsTheTrainingFileLacksAreRefused() throws IOException {
    Path task = task(FRONT, "id,x,y\n1,2,a\n", "id,x,z\n5,3,4\n");
    assertThatThrownBy(() -> BenchTask.load(task))
        .hasMessageContaining("data/test.csv has columns the training file lacks: z");
  }

  @Test
  void unknownTypesAndMetricsListTheChoices() throws IOException {
    Path task = task(FRONT.replace("classification", "ranking"), "id,x,y\n1,2,a\n", "id,x\n5,3\n");
    assertThatThrownBy(() -> BenchTask.load(task))
        .hasMessageContaining("unknown type 'ranking'")
        .hasMessageContaining("text-classification");
  }
}
