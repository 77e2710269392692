package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cd my-project && mlintern run "…"} as a person runs it: a child process in a temporary
 * project folder, a goal in plain words, no key (the autopilot). It ends with the threshold said
 * met or not and {@code report: PATH} as the last line, everything it made under {@code
 * mlintern-runs/}, within its time budget counted from the process start plus max(5%, 5 s); bad
 * input exits 2 and leaves the folder as it was. At a terminal it keeps the demo's progress line
 * under its event lines; piped, or with {@code --json}, it does not.
 */
class ProjectRunTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path root;
  private Path project;
  private Map<String, String> env;

  @BeforeEach
  void project() throws IOException {
    project = Files.createDirectories(root.resolve("my-project"));
    Files.createDirectories(project.resolve(".git"));
    Files.createDirectories(project.resolve("data"));
    StringBuilder train = new StringBuilder("x1,x2,label\n");
    Random random = new Random(7);
    for (int i = 0; i < 160; i++) {
      double x1 = random.nextDouble();
      double x2 = random.nextDouble();
      train.append(
          String.format(Locale.ROOT, "%.4f,%.4f,%s%n", x1, x2, x1 + x2 > 1 ? "yes" : "no"));
    }
    Files.writeString(project.resolve("data/train.csv"), train);
    Path home = Files.createDirectories(root.resolve("home"));
    Files.writeString(home.resolve("config.toml"), "[autopilot]\nmax_trials = 2\n");
    env = Map.of("MLINTERN_HOME", home.toString(), "MLINTERN_PYTHON", "/usr/bin/python3");
  }

  /** A bar as the demo draws it: "[=====> ] 12s/40s trials 3 jobs wait j-…". */
  private static final Pattern BAR = Pattern.compile("\\[[=> ]{24}\\] +\\d+s/\\d+s  trials +\\d+");

  /** The goal's 40 s and the allowance of max(5%, 5 s). */
  private static final Duration WITHIN = Duration.ofSeconds(45);

  @Test
  void aPlainGoalEndsWithTheThresholdAndTheReportPath() throws Exception {
    Instant start = Instant.now();
    try (CliProcess run =
        CliProcess.start(
            env,
            project,
            "run",
            "beat 0.8 accuracy on data/train.csv, target column label, in 40 seconds")) {
      int code = run.waitFor(Duration.ofMinutes(3));

      assertThat(Duration.between(start, Instant.now()))
          .as(String.join("\n", run.err()))
          .isLessThan(WITHIN);
      assertThat(code).as(String.join("\n", run.err())).isZero();
      assertThat(run.err()).noneMatch(l -> BAR.matcher(l).find());
      List<String> out = run.out();
      String last = out.get(out.size() - 1);
      assertThat(last).startsWith("report: " + project.resolve("mlintern-runs")).endsWith(".html");
      Path report = Path.of(last.substring("report: ".length()));
      assertThat(report).exists();
      assertThat(out)
          .anyMatch(l -> l.matches("threshold accuracy ≥ 0.8: (met|not met) \\(best .*"));
      JsonNode result = JSON.readTree(report.resolveSibling("result.json").toFile());
      assertThat(result.path("threshold").path("metric").asText()).isEqualTo("accuracy");
      assertThat(result.path("threshold").path("value").asDouble()).isEqualTo(0.8);
      assertThat(result.path("threshold").path("direction").asText()).isEqualTo("higher");
      assertThat(result.path("threshold").path("met").isBoolean()).isTrue();
      assertThat(Files.readString(report)).contains("Threshold accuracy ≥ 0.8");
      assertThat(run.err()).anyMatch(l -> l.contains("understood: train data/train.csv"));
      try (Stream<Path> top = Files.list(project)) {
        assertThat(top.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder(".git", ".gitignore", "data", "mlintern-runs");
      }
      assertThat(Files.readString(project.resolve(".gitignore"))).contains("mlintern-runs/");
    }
  }

  @Test
  void atATerminalItKeepsTheDemosProgressLineAndEndsWithinItsBudget() throws Exception {
    Instant start = Instant.now();
    try (CliProcess run =
        CliProcess.startInTerminal(
            env,
            project,
            "run",
            "--time-budget",
            "40s",
            "beat 0.8 accuracy on data/train.csv, target column label")) {
      int code = run.waitFor(Duration.ofMinutes(3));

      assertThat(Duration.between(start, Instant.now())).isLessThan(WITHIN);
      String screen = String.join("\n", run.out());
      assertThat(code).as(screen).isZero();
      assertThat(BAR.matcher(screen).find()).as(screen).isTrue();
      assertThat(screen).contains("/40s  trials");
      List<String> lines = run.out();
      assertThat(lines.get(lines.size() - 1).strip())
          .startsWith("report: " + project.resolve("mlintern-runs"));
    }
  }

  @Test
  void withJsonAtATerminalEveryLineIsAnEventAndNoneIsTheBar() throws Exception {
    try (CliProcess run =
        CliProcess.startInTerminal(
            env,
            project,
            "run",
            "--json",
            "beat 0.8 accuracy on data/train.csv, target column label, in 10 seconds")) {
      run.waitFor(Duration.ofMinutes(2));

      String screen = String.join("\n", run.out());
      assertThat(BAR.matcher(screen).find()).as(screen).isFalse();
      assertThat(run.out())
          .anyMatch(l -> l.startsWith("{") && l.contains("\"type\":\"session_started\""));
    }
  }

  @Test
  void aMissingFileExitsTwoAndWritesNothing() throws Exception {
    try (CliProcess run =
        CliProcess.start(
            env, project, "run", "beat 0.8 accuracy on data/nope.csv, target column label")) {
      int code = run.waitFor(Duration.ofSeconds(60));

      assertThat(code).isEqualTo(2);
      assertThat(run.err())
          .containsExactly(
              "mlintern run: data/nope.csv: no such file in the project folder "
                  + project
                  + "; check the path");
      try (Stream<Path> top = Files.list(project)) {
        assertThat(top.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder(".git", "data");
      }
    }
  }
}
