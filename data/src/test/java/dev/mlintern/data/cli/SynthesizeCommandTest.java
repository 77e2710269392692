package dev.mlintern.data.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.mlintern.core.config.Settings;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.data.posttrain.ModelSource;
import dev.mlintern.models.ModelFactory;
import dev.mlintern.models.ModelSpec;
import dev.mlintern.models.PriceList;
import dev.mlintern.testkit.CommandRun;
import dev.mlintern.testkit.FakeOpenAiServer;
import dev.mlintern.testkit.FakeReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code data synthesize} and {@code data mix} end to end: the generator is the real OpenAI adapter
 * talking to a scripted server, priced by the real price list.
 */
class SynthesizeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MODEL = "openai:gpt-4o-mini";
  private static final Usage CALL = new Usage(100_000, 1_000, 0, 0);

  @TempDir Path dir;
  private final FakeOpenAiServer server = new FakeOpenAiServer();

  @AfterEach
  void close() {
    server.close();
  }

  private DataCommand command() {
    Settings settings =
        new Settings(
            dir,
            Map.of("OPENAI_BASE_URL", server.baseUrl()),
            Secrets.of(Map.of("OPENAI_API_KEY", "sk-test")));
    ModelFactory factory = ModelFactory.fromSettings(settings);
    PriceList prices = PriceList.defaults();
    return new DataCommand(
        settings,
        new ModelSource() {
          @Override
          public ChatModel create(String spec) {
            return factory.create(spec);
          }

          @Override
          public double costUsd(String spec, Usage usage) {
            return prices.cost(ModelSpec.parse(spec), usage).usd();
          }
        });
  }

  private static double callUsd(int calls) {
    return PriceList.defaults().cost(ModelSpec.parse(MODEL), CALL).usd() * calls;
  }

  private static FakeReply items(String... promptAnswer) {
    ArrayNode array = JSON.createArrayNode();
    for (int i = 0; i < promptAnswer.length; i += 2) {
      array.addObject().put("prompt", promptAnswer[i]).put("answer", promptAnswer[i + 1]);
    }
    return FakeReply.text("Here you go:\n```json\n" + array + "\n```").withUsage(CALL);
  }

  private Path write(String name, String... lines) throws Exception {
    Path file = dir.resolve(name);
    Files.write(file, List.of(lines));
    return file;
  }

  private static List<JsonNode> rows(Path file) throws Exception {
    List<JsonNode> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      rows.add(JSON.readTree(line));
    }
    return rows;
  }

  private static final String TRAIN_A =
      "A farmer has 12 sheep and buys 7 more at the market on Monday, how many sheep does the"
          + " farmer have now after the purchase";
  private static final String EVAL_Q =
      "A baker makes 24 rolls every morning and sells 15 of them before noon, how many rolls are"
          + " left for the afternoon customers";

  @Test
  void generatesInBatchesAndDropsDuplicatesContaminationRefusalsAndGarbageWithReasons()
      throws Exception {
    Path seeds =
        write(
            "seeds.jsonl",
            "{\"prompt\": \"Tom has 3 apples and gets 2 more. How many?\", \"answer\": \"5\"}");
    Path eval = write("eval.jsonl", JSON.createObjectNode().put("question", EVAL_Q).toString());
    server.reply(
        items(
            TRAIN_A,
            "19",
            TRAIN_A,
            "19",
            TRAIN_A.replace("purchase", "trip"),
            "19",
            "What is 2 plus 2 in base ten?",
            "I'm sorry, but I can't help with that."));
    server.reply(FakeReply.text("Sure! Two more word problems coming right up.").withUsage(CALL));
    server.reply(
        items(
            EVAL_Q,
            "9",
            "How many legs do 3 spiders have in total?",
            "",
            "A box holds 6 eggs; how many eggs are in 4 boxes?",
            "24",
            "Sam reads 10 pages a day. How many pages in a week?",
            "70"));
    Path out = dir.resolve("synthetic.jsonl");

    CommandRun r =
        CommandRun.run(
            command(),
            "synthesize",
            "--model",
            MODEL,
            "--seeds",
            seeds.toString(),
            "--instructions",
            "grade-school arithmetic word problems",
            "--eval",
            eval.toString(),
            "--max-items",
            "6",
            "--batch",
            "4",
            "--max-usd",
            "5",
            "--out",
            out.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(server.calls()).hasSize(3);
    String asked = server.calls().get(0).request().messages().get(0).toString();
    assertThat(asked)
        .contains("grade-school arithmetic word problems", "Tom has 3 apples", "Write 4");
    List<JsonNode> kept = rows(out);
    assertThat(kept)
        .extracting(j -> j.get("prompt").asText())
        .containsExactly(
            TRAIN_A,
            "A box holds 6 eggs; how many eggs are in 4 boxes?",
            "Sam reads 10 pages a day. How many pages in a week?");
    assertThat(kept.get(1).get("messages").get(1).get("content").asText()).isEqualTo("24");
    assertThat(kept.get(0).get("id").asText()).isEqualTo("syn-00000");

    JsonNode manifest = JSON.readTree(dir.resolve("synthetic.jsonl.synthesis.json").toFile());
    assertThat(manifest.get("dropped_by").toString())
        .isEqualTo(
            "{\"contaminated\":1,\"empty\":1,\"exact duplicate\":1,\"malformed\":1,"
                + "\"near duplicate\":1,\"refusal\":1}");
    assertThat(manifest.get("calls").asInt()).isEqualTo(3);
    assertThat(manifest.get("cost_usd").asDouble()).isCloseTo(callUsd(3), within(1e-9));
    assertThat(manifest.toString()).contains("with evaluation row 1", "I'm sorry");
    assertThat(r.out())
        .contains(out + "\t3 items")
        .contains(
            String.format(
                Locale.ROOT,
                "generator calls 3, tokens in 300000 out 3000, cost $%.4f",
                callUsd(3)))
        .contains("stopped: reached 6 usable items")
        .contains("dropped: contaminated 1, empty 1, exact duplicate 1, malformed 1,");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  void stopsBeforeTheCallThatWouldCrossTheBudget() throws Exception {
    for (int i = 0; i < 10; i++) {
      server.reply(
          items(
              "Question number " + i + " about adding small numbers?", String.valueOf(i),
              "Another question " + i + " about taking numbers away from ten?",
                  String.valueOf(10 - i)));
    }
    // each call costs callUsd(1); the cap allows two calls but not a third
    double cap = callUsd(1) * 2.5;
    Path out = dir.resolve("budget.jsonl");

    CommandRun r =
        CommandRun.run(
            command(),
            "synthesize",
            "--model",
            MODEL,
            "--instructions",
            "arithmetic",
            "--max-items",
            "100",
            "--batch",
            "2",
            "--max-usd",
            String.valueOf(cap),
            "--out",
            out.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(server.calls()).hasSize(2);
    assertThat(rows(out)).hasSize(4);
    assertThat(r.out()).contains("stopped: budget: spent $").contains("generator calls 2,");
    assertThat(
            JSON.readTree(dir.resolve("budget.jsonl.synthesis.json").toFile())
                .get("cost_usd")
                .asDouble())
        .isLessThanOrEqualTo(cap);
  }

  @Test
  void aModelThatOnlyReturnsGarbageFailsWithItsManifestAndBoundedCalls() throws Exception {
    for (int i = 0; i < 20; i++) {
      server.reply(
          FakeReply.text(i % 2 == 0 ? "no json here" : "[1, 2, {\"q\": 3}]").withUsage(CALL));
    }
    Path out = dir.resolve("garbage.jsonl");

    CommandRun r =
        CommandRun.run(
            command(),
            "synthesize",
            "--model",
            MODEL,
            "--instructions",
            "arithmetic",
            "--max-items",
            "4",
            "--batch",
            "2",
            "--out",
            out.toString());

    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip())
        .startsWith(
            "mlintern data synthesize: no generated item survived (6 generator calls; stopped: made 6 calls")
        .doesNotContain("\n");
    assertThat(server.calls()).hasSize(6);
    assertThat(out).doesNotExist();
    JsonNode manifest = JSON.readTree(dir.resolve("garbage.jsonl.synthesis.json").toFile());
    assertThat(manifest.get("dropped_by").get("malformed").asInt()).isEqualTo(3 + 9);
  }

  @Test
  void aMissingSeedFileOrNothingToImitateStopsBeforeAnyCall() throws Exception {
    Path out = dir.resolve("x.jsonl");
    CommandRun missing =
        CommandRun.run(
            command(),
            "synthesize",
            "--model",
            MODEL,
            "--seeds",
            dir.resolve("no-such-seeds.jsonl").toString(),
            "--out",
            out.toString());
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.err().strip())
        .startsWith("mlintern data synthesize: ")
        .contains("no-such-seeds.jsonl")
        .doesNotContain("\n");

    CommandRun nothing =
        CommandRun.run(command(), "synthesize", "--model", MODEL, "--out", out.toString());
    assertThat(nothing.exit()).isEqualTo(2);
    assertThat(nothing.err())
        .startsWith(
            "mlintern data synthesize: nothing to imitate: give instructions (what the items are about) or seed rows");
    assertThat(server.calls()).isEmpty();
  }

  @Test
  void mixUpsamplesByWeightAndListsTheRepeatedRows() throws Exception {
    Path a = write("a.jsonl", "{\"text\": \"a0\"}", "{\"text\": \"a1\"}", "{\"text\": \"a2\"}");
    Path b = write("b.jsonl", "{\"text\": \"b0\"}", "{\"text\": \"b1\"}", "{\"text\": \"b2\"}");
    Path out = dir.resolve("mix.jsonl");

    CommandRun r =
        CommandRun.run(
            command(), "mix", a + "=3", b + "=1", "--rows", "8", "--out", out.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    List<String> texts = rows(out).stream().map(j -> j.get("text").asText()).toList();
    assertThat(texts).hasSize(8);
    assertThat(texts.stream().filter(t -> t.startsWith("a"))).hasSize(6);
    for (String row : List.of("a0", "a1", "a2")) {
      assertThat(texts.stream().filter(row::equals)).hasSize(2);
    }
    Path repeats = dir.resolve("mix.jsonl.repeats.jsonl");
    assertThat(rows(repeats))
        .hasSize(3)
        .allSatisfy(j -> assertThat(j.get("times").asInt()).isEqualTo(2));
    assertThat(r.out())
        .contains(out + "\t8 rows")
        .contains("upsampled: 3 source rows repeated, listed in " + repeats);

    CommandRun bad = CommandRun.run(command(), "mix", a + "=lots", "--out", out.toString());
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err().strip())
        .isEqualTo(
            "mlintern data mix: '"
                + a
                + "=lots' has no numeric weight; write SOURCE=WEIGHT, e.g. math.jsonl=3");
  }
}
