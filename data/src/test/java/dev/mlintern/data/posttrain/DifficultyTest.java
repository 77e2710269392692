package dev.mlintern.data.posttrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mlintern.data.DataException;
import dev.mlintern.data.engine.DataEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DifficultyTest {
  @TempDir Path dir;
  private DataEngine engine;

  @BeforeEach
  void open() {
    engine = DataEngine.open(dir.resolve("scratch"));
  }

  @AfterEach
  void close() {
    engine.close();
  }

  /** A predictions.jsonl as evaluate writes it for a multiple-choice task. */
  private Path predictions(String name, boolean... correct) throws IOException {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < correct.length; i++) {
      out.append(
          String.format(
              "{\"baseline\": {\"index\": %d, \"logprobs\": [-1.5, -0.7, -2.0, -3.1], \"gold\": 1,"
                  + " \"pred\": %d, \"pred_norm\": 1, \"correct\": %b, \"correct_norm\": true}}%n",
              i, correct[i] ? 1 : 0, correct[i]));
    }
    Path file = dir.resolve(name);
    Files.writeString(file, out);
    return file;
  }

  private Difficulty.Result filter(List<Path> runs, double min, double max) {
    return new Difficulty(engine)
        .filter(
            engine.load("data", ChatTemplaterTest.sample("mmlu.jsonl")),
            runs,
            null,
            min,
            max,
            dir.resolve("kept.jsonl"));
  }

  @Test
  void keepsTheRowsTheBaseModelSometimesGetsRightWithTheirPassRate() throws IOException {
    // row 0 always right, row 1 never, rows 2 and 3 right in one and two of three runs
    List<Path> runs =
        List.of(
            predictions("p1.jsonl", true, false, true, true),
            predictions("p2.jsonl", true, false, false, true),
            predictions("p3.jsonl", true, false, false, false));

    Difficulty.Result result = filter(runs, 0.01, 0.99);

    assertThat(result.rows()).isEqualTo(4);
    assertThat(List.of(result.unsolved(), result.partial(), result.solved()))
        .containsExactly(1L, 2L, 1L);
    List<JsonNode> kept = ChatTemplaterTest.rows(result.output().path());
    assertThat(kept)
        .extracting(r -> r.get("question").asText())
        .containsExactly(
            "In which year did the Berlin Wall fall?", "What is the chemical symbol for sodium?");
    assertThat(kept.get(0).get("pass_rate").asDouble()).isEqualTo(1.0 / 3, within());
    assertThat(kept.get(1).get("pass_rate").asDouble()).isEqualTo(2.0 / 3, within());
    assertThat(kept.get(0).get("difficulty").asText()).isEqualTo("partial");
    assertThat(kept.get(0).get("attempts").asInt()).isEqualTo(3);
    assertThat(result.summary("kept.jsonl"))
        .contains("2 of 4 rows kept", "unsolved (never right) 1");
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }

  @Test
  void predictionsThatDoNotLineUpWithTheDataAreRefused() throws IOException {
    assertThatThrownBy(() -> filter(List.of(predictions("short.jsonl", true, false)), 0, 1))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("short.jsonl has 2 items but")
        .hasMessageContaining("has 4 rows; pass the very file the evaluation ran on");

    Path candidateOnly = dir.resolve("candidate.jsonl");
    Files.writeString(candidateOnly, "{\"candidate\": {\"index\": 0, \"correct\": true}}\n");
    assertThatThrownBy(() -> filter(List.of(candidateOnly), 0, 1))
        .hasMessageContaining("line 1 has no baseline.correct; its model tags are: candidate");

    Path garbage = dir.resolve("garbage.jsonl");
    Files.writeString(garbage, "accuracy: 0.5\n");
    assertThatThrownBy(() -> filter(List.of(garbage), 0, 1))
        .hasMessageContaining("garbage.jsonl line 1 is not JSON");

    Path all = predictions("all.jsonl", true, true, true, true);
    assertThatThrownBy(() -> filter(List.of(all), 0, 0.5))
        .hasMessageContaining(
            "no row has a pass rate in [0.0, 0.5] (unsolved 0, partial 0, solved 4)");
    assertThatThrownBy(() -> filter(List.of(all), 0.8, 0.2)).hasMessageContaining("min <= max");
  }
}
