package dev.mlintern.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.app.Config;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mlintern demo llm}, shortened: with no key and no network the autopilot runs every stage
 * of the post-training loop as a job with the LLM environment and ends on the report and
 * result.json.
 */
class DemoLlmCommandTest {
  private static final Path VENV = Path.of("/opt/mlintern/llm-venv");
  @TempDir Path home;

  private int demo(Map<String, String> env, StringWriter out, StringWriter err, String... args) {
    Config config = Config.load(env, Map.of());
    var line =
        Commands.build(
            config,
            env,
            new ByteArrayInputStream(new byte[0]),
            new PrintWriter(out, true),
            new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    all[0] = "demo";
    all[1] = "llm";
    System.arraycopy(args, 0, all, 2, args.length);
    return line.execute(all);
  }

  @Test
  void aShortenedDemoTrainsEveryStageAndEndsOnTheReport() throws Exception {
    assumeTrue(Files.isExecutable(VENV.resolve("bin/python")), "the LLM environment is built");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path folder = home.resolve("demo");

    int code =
        demo(
            Map.of("MLINTERN_HOME", home.toString(), "MLINTERN_SOURCE", repository().toString()),
            out,
            err,
            "--time-budget",
            "60s",
            "--out",
            folder.toString());

    assertThat(code).as(err.toString()).isZero();
    List<String> lines = out.toString().strip().lines().toList();
    String last = lines.get(lines.size() - 1);
    assertThat(last).startsWith("report: " + folder.toAbsolutePath()).endsWith("report.html");
    Path report = Path.of(last.substring("report: ".length()));
    JsonNode result = new ObjectMapper().readTree(report.resolveSibling("result.json").toFile());
    assertThat(result.path("metric").asText()).isEqualTo("exact_match");
    assertThat(result.path("lower_is_better").asBoolean()).isFalse();
    for (String field : List.of("baseline", "final", "ci")) {
      assertThat(result.path(field).isNumber()).as(field).isTrue();
    }
    assertThat(Files.readString(report))
        .contains("Teaching a tiny model to add two-digit numbers")
        .contains("<svg")
        .contains("The unstable GRPO run");
    for (String stage : List.of("warm", "sft", "grpo-unstable", "grpo")) {
      assertThat(out.toString()).contains("Starting " + stage);
    }
  }

  @Test
  void aMissingLlmEnvironmentIsRefusedBeforeAnythingStarts() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code =
        demo(
            Map.of("MLINTERN_HOME", home.toString(), "MLINTERN_LLM_VENV", "/nonexistent/venv"),
            out,
            err);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("/nonexistent/venv is missing")
        .contains("scripts/install-llm-env.sh");
    assertThat(home.resolve("demo")).doesNotExist();
  }

  @Test
  void thePlainGoalToRunGoesToThePostTrainingLoop() throws Exception {
    // a stand-in LLM environment whose interpreter fails at once: the first stage's job ends
    // failed, which shows the goal was taken as the post-training task and run as jobs with it;
    // nothing was trained, so the run exits 1
    Path python = Files.createDirectories(home.resolve("venv/bin")).resolve("python");
    Files.writeString(python, "#!/bin/sh\nexit 3\n");
    python.toFile().setExecutable(true);
    Path project = Files.createDirectories(home.resolve("empty-project"));
    Map<String, String> env =
        Map.of(
            "MLINTERN_HOME",
            home.resolve("mlintern").toString(),
            "MLINTERN_LLM_VENV",
            home.resolve("venv").toString());

    try (CliProcess run =
        CliProcess.start(
            env, project, "run", "--yes", "teach the model to add two-digit numbers")) {
      int exit = run.waitFor(java.time.Duration.ofMinutes(2));

      assertThat(exit).as("a post-training goal that trained nothing fails").isEqualTo(1);
      assertThat(run.out()).contains("Starting prepare");
      assertThat(run.out())
          .anyMatch(line -> line.startsWith("Stopped: stage prepare ended failed"));
      assertThat(String.join("\n", run.err())).doesNotContain("What should the autopilot train");
    }
  }

  private static Path repository() {
    Path here = Path.of("").toAbsolutePath();
    while (!Files.isDirectory(here.resolve("recipes/llm"))) {
      here = here.getParent();
    }
    return here;
  }
}
