package dev.mlintern.data.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.ChatResponse;
import dev.mlintern.core.model.StopReason;
import dev.mlintern.core.model.Usage;
import dev.mlintern.data.posttrain.ModelSource;
import dev.mlintern.testkit.CommandRun;
import dev.mlintern.testkit.ScriptedChatModel;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The post-training data commands: template and difficulty. */
class PostTrainCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private CommandRun data(String... args) {
    return CommandRun.run(
        new DataCommand(
            Settings.of(dir, Map.of("MLINTERN_DATA_SCRATCH", dir.resolve("scratch").toString()))),
        args);
  }

  private static String sample(String name) throws URISyntaxException {
    return Path.of(PostTrainCommandsTest.class.getResource("/posttrain/" + name).toURI())
        .toString();
  }

  @Test
  void templatesArcRowsAndPrintsThePathRowsAndHash() throws Exception {
    Path out = dir.resolve("arc-chat.jsonl");
    CommandRun r =
        data("template", sample("arc.jsonl"), "--layout", "arc", "--out", out.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith(out + "\t3 rows\tsha256:");
    JsonNode first = JSON.readTree(Files.readAllLines(out).get(0));
    assertThat(first.get("messages").get(1).get("content").asText())
        .isEqualTo(first.get("answer").asText());
  }

  @Test
  void skippedRowsArePrintedWithTheirReason() throws Exception {
    CommandRun r =
        data(
            "template",
            sample("bad-mmlu.jsonl"),
            "--layout",
            "mmlu",
            "--seed",
            "1",
            "--out",
            dir.resolve("o.jsonl").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("\t1 rows\t", "skipped 3 rows: row 1: option '4' appears twice");
  }

  @Test
  void aMissingColumnIsOneLineNamingTheColumnsPresent() throws URISyntaxException, IOException {
    Path out = dir.resolve("o.jsonl");
    CommandRun r =
        data(
            "template",
            sample("sciq.jsonl"),
            "--layout",
            "sciq",
            "--map",
            "answer=gold",
            "--out",
            out.toString());
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err())
        .startsWith("mlintern data template: ")
        .contains("has no column 'gold' (role answer); columns are: question, distractor3")
        .doesNotContain("Exception");
    assertThat(r.err().lines().count()).isEqualTo(1);
    assertThat(out).doesNotExist();
  }

  @Test
  void difficultyKeepsWhatTheModelSometimesGetsRight() throws Exception {
    Path p1 = dir.resolve("p1.jsonl");
    Path p2 = dir.resolve("p2.jsonl");
    Files.writeString(p1, predictions(true, false, true));
    Files.writeString(p2, predictions(true, false, false));
    Path out = dir.resolve("mid.jsonl");
    CommandRun r =
        data(
            "difficulty",
            sample("sciq.jsonl"),
            "--predictions",
            p1.toString(),
            "--predictions",
            p2.toString(),
            "--min",
            "0.1",
            "--max",
            "0.9",
            "--out",
            out.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).startsWith(out + "\t1 of 3 rows kept\t").contains("partial 1");
    JsonNode kept = JSON.readTree(Files.readAllLines(out).get(0));
    assertThat(kept.get("correct_answer").asText()).isEqualTo("photosynthesis");
    assertThat(kept.get("pass_rate").asDouble()).isEqualTo(0.5);

    CommandRun bad =
        data(
            "difficulty", sample("mmlu.jsonl"), "--predictions", p1.toString(), "--out", "x.jsonl");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err())
        .startsWith("mlintern data difficulty: ")
        .contains("has 3 items but")
        .contains("has 4 rows");
  }

  private static String predictions(boolean... correct) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < correct.length; i++) {
      out.append("{\"baseline\": {\"index\": ")
          .append(i)
          .append(", \"output\": \"B\", \"answer\": \"B\", \"correct\": ")
          .append(correct[i])
          .append("}}\n");
    }
    return out.toString();
  }

  @Test
  void judgeScoresTheLabelledSetWithAModelSpecAndCountsCostAndGarbage() throws Exception {
    ScriptedChatModel model = new ScriptedChatModel("scripted:judge");
    model.usagePerCall(new Usage(1000, 50, 0, 0));
    model.text("I think it does."); // the first call: no JSON
    model.otherwise(
        r ->
            new ChatResponse(
                "{\"criteria_met\": true}",
                List.of(),
                StopReason.END_TURN,
                new Usage(1000, 50, 0, 0),
                List.of()));
    List<String> specs = new ArrayList<>();
    ModelSource judges =
        new ModelSource() {
          @Override
          public ChatModel create(String spec) {
            specs.add(spec);
            return model;
          }

          @Override
          public double costUsd(String spec, Usage usage) {
            return usage.promptTokens() * 1e-6;
          }
        };
    Path grades = dir.resolve("grades.jsonl");
    CommandRun r =
        CommandRun.run(
            new DataCommand(Settings.of(dir, Map.of()), judges),
            "judge",
            sample("judge-agreement.jsonl"),
            "--judge",
            "openai:gpt-judge",
            "--out",
            grades.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(specs).containsExactly("openai:gpt-judge");
    int calls = model.requests().size();
    assertThat(r.out())
        .contains("scored 31 of 32 items", "judge calls " + calls)
        .contains(String.format(java.util.Locale.ROOT, "cost $%.4f", calls * 1000 * 1e-6))
        .contains("not scored: ha-01: the judge's reply is not")
        .contains("agreement with human labels: ");
    assertThat(Files.readAllLines(grades)).hasSize(32);

    CommandRun bad =
        CommandRun.run(
            new DataCommand(Settings.of(dir, Map.of()), judges),
            "judge",
            sample("qa.jsonl"),
            "--judge",
            "openai:gpt-judge");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err())
        .startsWith(
            "mlintern data judge: item 0 has no text field 'prompt'; an item needs prompt, answer and rubrics");
  }
}
