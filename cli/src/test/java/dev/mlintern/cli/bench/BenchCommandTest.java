package dev.mlintern.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mlintern.app.Config;
import dev.mlintern.testkit.Shared;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
  @TempDir Path dir;

  record Result(int code, String out, String err) {}

  private Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var line = BenchCommand.create(Config.load(Map.of("MLINTERN_HOME", dir.toString()), Map.of()));
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return new Result(line.execute(args), out.toString(), err.toString());
  }

  @Test
  void gradePrintsOnlyTheScore() throws Exception {
    Path wine = Shared.benchTask("wine");
    // a perfect submission, made here from the answers (the grader's own input)
    Path submission = dir.resolve("perfect.csv");
    Files.copy(wine.resolve("answers/test.csv"), submission);
    Result result = run("grade", wine.toString(), submission.toString());
    assertThat(result.code()).isZero();
    assertThat(result.out().strip()).isEqualTo("1.0");
  }

  @Test
  void gradeExplainsAnIncompleteSubmission() throws Exception {
    Path wine = Shared.benchTask("wine");
    Path submission = dir.resolve("short.csv");
    Files.writeString(submission, "id,cultivar\n0,class_0\n");
    Result result = run("grade", wine.toString(), submission.toString());
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("lacks").contains("test ids");
  }

  @Test
  void aBrokenTaskOrBudgetIsAClearError() throws Exception {
    Files.createDirectories(dir.resolve("task/data"));
    Files.writeString(
        dir.resolve("task/task.md"),
        "---\nname: x\ntype: regression\ntarget: y\nid: id\nmetric: f1\n---\n");
    Files.writeString(dir.resolve("task/data/train.csv"), "id,y\n1,2\n");
    Files.writeString(dir.resolve("task/data/test.csv"), "id\n3\n");
    Result bad = run("run", dir.resolve("task").toString(), "--out", dir.resolve("out").toString());
    assertThat(bad.code()).isEqualTo(1);
    assertThat(bad.err()).contains("metric 'f1' cannot score a regression task");
    Result budget =
        run(
            "run",
            dir.resolve("task").toString(),
            "--out",
            dir.resolve("out").toString(),
            "--time-budget",
            "soon");
    assertThat(budget.code()).isEqualTo(2);
    assertThat(budget.err()).contains("cannot read duration 'soon'");
  }
}
