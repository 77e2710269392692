package dev.mlintern.data.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locks the profile and the audit (exact duplicates included) to what the engine reported before
 * they became single-scan queries: {@code golden/profile.json} and {@code golden/audit.json} were
 * written by the earlier per-column, two-pass code from {@code golden/small.jsonl} (300 rows with
 * missing values, repeated rows, near-duplicate texts and an imbalanced label).
 */
class GoldenResultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private Path small;

  @BeforeEach
  void copy() throws IOException {
    small = dir.resolve("small.jsonl");
    try (InputStream in = resource("small.jsonl")) {
      Files.copy(in, small);
    }
  }

  private static InputStream resource(String name) {
    return GoldenResultsTest.class.getResourceAsStream("/golden/" + name);
  }

  /** The golden file, read as the reports are compared: numbers by value, not by Java type. */
  private static JsonNode golden(String name) throws IOException {
    try (InputStream in = resource(name)) {
      return JSON.readTree(in);
    }
  }

  @Test
  void profileMatchesTheEarlierEngine() throws IOException {
    try (DataEngine engine = DataEngine.open(dir.resolve("scratch"))) {
      ObjectNode profile = new Profiler(engine).profile(engine.load("data", small), "label");
      profile.remove("source");
      assertThat(JSON.readTree(profile.toString())).isEqualTo(golden("profile.json"));
    }
  }

  @Test
  void auditMatchesTheEarlierEngine() throws IOException {
    try (DataEngine engine = DataEngine.open(dir.resolve("scratch"))) {
      JsonNode report =
          new Auditor(engine)
              .audit(
                  new AuditRequest(
                      small,
                      Optional.empty(),
                      Optional.of("label"),
                      Optional.of("id"),
                      Optional.of("text"),
                      Optional.empty(),
                      Optional.empty(),
                      Optional.empty(),
                      NGramOverlap.DEFAULT_N,
                      0.8))
              .toJson();
      ((ObjectNode) report.path("profile")).remove("source");
      assertThat(JSON.readTree(report.toString())).isEqualTo(golden("audit.json"));
      assertThat(report.toString()).contains("25 rows (8.3%) repeat an earlier row exactly");
    }
  }
}
