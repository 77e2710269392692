package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.testkit.BarePython;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before the first job, the Python that jobs use is checked for what they import: an interpreter
 * the person chose (MLINTERN_PYTHON, here a bare venv without scikit-learn) is never modified, and
 * the command stops at once naming every missing package and the install command; {@code doctor
 * --json} reports the same check.
 */
class PythonCheckTest {
  @TempDir static Path root;
  static Path bare;

  @BeforeAll
  static void bareInterpreter() {
    bare = BarePython.create(root.resolve("bare"));
  }

  record Result(int code, String out, String err) {}

  private static Result run(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void demoOnAnInterpreterWithoutScikitLearnStopsAtOnceWithTheInstallCommand() throws Exception {
    Path home = Files.createDirectories(root.resolve("home-demo"));
    Instant start = Instant.now();
    Result result =
        run(Map.of("MLINTERN_HOME", home.toString(), "MLINTERN_PYTHON", bare.toString()), "demo");

    assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofSeconds(5));
    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err().strip())
        .isEqualTo(
            "mlintern demo: Python "
                + bare
                + " (MLINTERN_PYTHON) lacks numpy, pandas, scikit-learn, which local jobs need;"
                + " install them with: "
                + bare
                + " -m pip install numpy pandas scikit-learn");
    assertThat(Files.list(home).toList()).isEmpty();
  }

  @Test
  void runWithTheAutopilotChecksTheSameBeforeAnyJob() throws Exception {
    Path home = Files.createDirectories(root.resolve("home-run"));
    Path project = Files.createDirectories(root.resolve("project"));
    Files.writeString(project.resolve("train.csv"), "a,label\n1,x\n2,y\n");
    Result result =
        run(
            Map.of("MLINTERN_HOME", home.toString(), "MLINTERN_PYTHON", bare.toString()),
            "run",
            "--workspace",
            project.toString(),
            "predict label from train.csv");

    assertThat(result.code()).isEqualTo(2);
    assertThat(result.err()).contains("lacks numpy, pandas, scikit-learn");
    assertThat(Files.list(project).toList()).containsExactly(project.resolve("train.csv"));
  }

  @Test
  void doctorJsonReportsTheInterpreterAndItsPackages() throws Exception {
    Path home = Files.createDirectories(root.resolve("home-doctor"));
    Result result =
        run(
            Map.of("MLINTERN_HOME", home.toString(), "MLINTERN_PYTHON", bare.toString()),
            "doctor",
            "--json",
            "--offline");

    assertThat(result.code()).isZero();
    JsonNode report = new ObjectMapper().readTree(result.out());
    assertThat(report.path("python").path("path").asText()).isEqualTo(bare.toString());
    assertThat(report.path("python").path("packages").path("sklearn").asBoolean(true)).isFalse();
    assertThat(report.path("python").path("packages").has("torch")).isTrue();
    assertThat(report.path("python").path("tabular").asBoolean(true)).isFalse();
  }
}
