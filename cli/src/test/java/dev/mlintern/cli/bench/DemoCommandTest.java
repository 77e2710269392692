package dev.mlintern.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.app.Config;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mlintern demo} end to end: no key, no network, the bundled task, a report with plots. */
class DemoCommandTest {
  @TempDir Path home;

  @Test
  void demoTakesTheBundledTaskToASubmissionAndAReport() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Config config = Config.load(Map.of("MLINTERN_HOME", home.toString()), Map.of());
    CommandLine line = new CommandLine(new DemoCommand(config));
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    Path results = home.resolve("demo-out");

    // the demo's default budget: the autopilot keeps to it, and a shared machine's jobs can take
    // ten seconds just to start, so one minute may not reach validation
    int code = line.execute("--time-budget", "2m", "--out", results.toString());

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString().strip())
        .isEqualTo("report: " + results.resolve("report.html").toAbsolutePath());
    String html = Files.readString(results.resolve("report.html"));
    assertThat(html)
        .contains("Chosen configuration and why")
        .contains("Validation evidence")
        .contains("data:image/png;base64,");
    assertThat(results.resolve("report.md")).exists();
    var result = new ObjectMapper().readTree(Files.readString(results.resolve("result.json")));
    assertThat(result.path("task").asText()).isEqualTo("credit");
    assertThat(result.path("validation").path("score").asDouble()).isGreaterThan(0.75);
    assertThat(Files.readAllLines(results.resolve("submission.csv"))).hasSize(1115);
    assertThat(err.toString()).contains("demo: chose");
  }
}
