package dev.mlintern.data.posttrain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.data.DataException;
import dev.mlintern.data.engine.DataEngine;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatTemplaterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
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

  static Path sample(String name) {
    try {
      return Path.of(ChatTemplaterTest.class.getResource("/posttrain/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private ChatTemplater.Result template(
      String file, ChoiceLayout layout, Map<String, String> map, long seed, String out) {
    return new ChatTemplater(engine)
        .template(engine.load("source", sample(file)), layout.columns(map), seed, dir.resolve(out));
  }

  static List<JsonNode> rows(Path file) throws IOException {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }

  /** The chat row says the same thing four ways; all must agree with the source's answer. */
  private static void assertConsistent(JsonNode row, String correctText) {
    int label = row.get("label").asInt();
    String letter = String.valueOf((char) ('A' + label));
    assertThat(row.get("choices").get(label).asText()).isEqualTo(correctText);
    assertThat(row.get("answer").asText()).isEqualTo(letter);
    JsonNode messages = row.get("messages");
    assertThat(messages.get(0).get("role").asText()).isEqualTo("user");
    assertThat(messages.get(0).get("content").asText())
        .isEqualTo(row.get("prompt").asText())
        .contains(letter + ") " + correctText);
    assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
    assertThat(messages.get(1).get("content").asText()).isEqualTo(letter);
  }

  @Test
  void gpqaRowsBecomeChatWithTheCorrectLetterKeptAfterShuffling() throws IOException {
    var result = template("gpqa.jsonl", ChoiceLayout.GPQA, Map.of(), 7, "gpqa-chat.jsonl");

    assertThat(result.output().rows()).isEqualTo(3);
    assertThat(result.skipped()).isZero();
    List<JsonNode> rows = rows(result.output().path());
    assertConsistent(rows.get(0), "Helicase");
    assertConsistent(rows.get(1), "2T");
    assertConsistent(rows.get(2), "sp");
    assertThat(rows.get(0).get("id").asText()).isEqualTo("recA1b2C3d4");
    assertThat(rows.get(0).get("prompt").asText())
        .startsWith("Which enzyme unwinds")
        .contains("Ligase", "Primase", "Topoisomerase IV")
        .endsWith("Answer with the letter of the correct option.");
    assertThat(result.output().manifest()).exists();
  }

  @Test
  void mmluArcAndSciqLayoutsKeepTheirCorrectAnswers() throws IOException {
    var mmlu =
        rows(template("mmlu.jsonl", ChoiceLayout.MMLU, Map.of(), 0, "m.jsonl").output().path());
    assertConsistent(mmlu.get(0), "2x");
    assertConsistent(mmlu.get(1), "Mercury");
    assertConsistent(mmlu.get(2), "1989");
    assertConsistent(mmlu.get(3), "Na");
    assertThat(mmlu.get(3).get("id").asText()).isEqualTo("3");

    var arc = rows(template("arc.jsonl", ChoiceLayout.ARC, Map.of(), 0, "a.jsonl").output().path());
    assertConsistent(arc.get(0), "Planetary days will become shorter.");
    assertConsistent(arc.get(1), "a copper wire"); // answerKey "2" against labels "1".."4"
    assertConsistent(arc.get(2), "roots");
    assertThat(arc.get(2).get("choices")).hasSize(5);
    assertThat(arc.get(0).get("id").asText()).isEqualTo("Mercury_7175875");

    var sciq =
        rows(template("sciq.jsonl", ChoiceLayout.SCIQ, Map.of(), 0, "s.jsonl").output().path());
    assertConsistent(sciq.get(1), "alpha decay");
    assertConsistent(sciq.get(2), "photosynthesis");
  }

  @Test
  void theSameSeedGivesTheSameFileAndAnotherSeedMovesTheAnswers() throws IOException {
    String a = template("mmlu.jsonl", ChoiceLayout.MMLU, Map.of(), 3, "a.jsonl").output().sha256();
    String b = template("mmlu.jsonl", ChoiceLayout.MMLU, Map.of(), 3, "b.jsonl").output().sha256();
    assertThat(a).isEqualTo(b);

    List<String> letters = new ArrayList<>();
    for (int seed = 0; seed < 8; seed++) {
      var rows =
          rows(
              template("gpqa.jsonl", ChoiceLayout.GPQA, Map.of(), seed, "g.jsonl").output().path());
      rows.forEach(r -> letters.add(r.get("answer").asText()));
    }
    // GPQA keeps the correct answer in its own column: unshuffled, it would always be A
    assertThat(letters).contains("A", "B", "C", "D");
  }

  @Test
  void qaRowsBecomeAQuestionAndItsAnswer() throws IOException {
    var rows = rows(template("qa.jsonl", ChoiceLayout.QA, Map.of(), 0, "q.jsonl").output().path());
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("messages").get(0).get("content").asText())
        .isEqualTo("Tom has 3 apples and buys 4 more. How many apples does he have?");
    assertThat(rows.get(0).get("answer").asText()).endsWith("#### 7");
    assertThat(rows.get(0).has("choices")).isFalse();
  }

  @Test
  void aColumnMapReadsRenamedColumnsAndParquetOutIsWritten() throws IOException {
    Path renamed = dir.resolve("renamed.jsonl");
    Files.writeString(
        renamed,
        "{\"stem\": \"Largest ocean?\", \"good\": \"Pacific\", \"bad1\": \"Atlantic\","
            + " \"bad2\": \"Indian\"}\n");
    var result =
        new ChatTemplater(engine)
            .template(
                engine.load("source", renamed),
                ChoiceLayout.SCIQ.columns(
                    Map.of("question", "stem", "answer", "good", "wrong", "bad1, bad2")),
                0,
                dir.resolve("out.parquet"));
    assertThat(result.output().rows()).isEqualTo(1);
    var back = engine.load("back", result.output().path());
    assertThat(back.columnList())
        .contains("messages", "prompt", "answer", "choices", "label", "id");
  }

  @Test
  void aMissingColumnIsNamedWithTheColumnsPresent() {
    assertThatThrownBy(() -> template("mmlu.jsonl", ChoiceLayout.GPQA, Map.of(), 0, "x.jsonl"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("has no column 'Question' (role question)")
        .hasMessageContaining("columns are: question, subject, choices, answer")
        .hasMessageContaining("question=COLUMN");
    assertThatThrownBy(() -> ChoiceLayout.MMLU.columns(Map.of("stem", "q")))
        .hasMessageContaining("unknown role 'stem'");
    assertThatThrownBy(() -> ChoiceLayout.parse("hellaswag"))
        .hasMessageContaining("layouts are: gpqa, mmlu, arc, sciq, qa");
  }

  @Test
  void duplicateOptionsEmptyAnswersAndBadLabelsSkipTheirRowsWithReasons() throws IOException {
    var result = template("bad-mmlu.jsonl", ChoiceLayout.MMLU, Map.of(), 0, "bad.jsonl");

    assertThat(result.output().rows()).isEqualTo(1);
    assertThat(result.skipped()).isEqualTo(3);
    assertThat(result.problems())
        .containsExactly(
            "row 1: option '4' appears twice, so the answer is ambiguous",
            "row 2: the correct answer is empty",
            "row 3: label '7' names no option (there are 4)");
    assertConsistent(rows(result.output().path()).get(0), "Carbon dioxide");
  }

  @Test
  void aFileWithNoUsableRowIsRefused() throws IOException {
    Path empty = dir.resolve("empty.jsonl");
    Files.writeString(empty, "{\"question\": \"Why?\", \"answer\": \"\"}\n");
    assertThatThrownBy(
            () ->
                new ChatTemplater(engine)
                    .template(
                        engine.load("source", empty),
                        ChoiceLayout.QA.columns(Map.of()),
                        0,
                        dir.resolve("o.jsonl")))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("could be templated (row 0: the answer (answer) is empty)");
    assertThat(dir.resolve("o.jsonl")).doesNotExist();
  }
}
