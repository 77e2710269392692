package dev.mlintern.data.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.data.DataException;
import dev.mlintern.data.engine.Converter.Format;
import dev.mlintern.data.engine.DataEngine.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;
  private DataEngine engine;
  private Transforms steps;

  @BeforeEach
  void open() {
    engine = DataEngine.open(dir.resolve("scratch"));
    steps = new Transforms(engine);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private Table csv(String name, String content) throws IOException {
    Path f = dir.resolve(name + ".csv");
    Files.writeString(f, content);
    return engine.load(name, f);
  }

  private List<String> column(Table t, String c) {
    List<String> out = new java.util.ArrayList<>();
    engine.query(
        "SELECT CAST("
            + DataEngine.quote(c)
            + " AS VARCHAR) FROM "
            + DataEngine.quote(t.name())
            + " ORDER BY rowid",
        r -> out.add(r.getString(1)));
    return out;
  }

  @Test
  void selectRenameFilterDedupSample() throws IOException {
    Table t = csv("t", "id,text,label\n1,a b,x\n2,c d,y\n3,a b,x\n4,e f,y\n5,g h,x\n");
    Table picked =
        steps.rename(steps.select(t, List.of("text", "label")), Map.of("text", "sentence"));
    assertThat(picked.columns())
        .extracting(DataEngine.Column::name)
        .containsExactly("sentence", "label");
    assertThat(steps.dedup(picked, List.of()).rows()).isEqualTo(4);
    engine.lock(List.of());
    assertThat(column(steps.filter(t, "label = 'y' AND id > 2"), "id")).containsExactly("4");
    assertThat(column(steps.sample(t, 3, 42), "id"))
        .hasSize(3)
        .isEqualTo(column(steps.sample(t, 3, 42), "id"))
        .isNotEqualTo(column(steps.sample(t, 3, 7), "id"));
    assertThatThrownBy(() -> steps.filter(t, "nope > 1"))
        .isInstanceOf(DataException.class)
        .hasMessageContaining("columns are: id, text, label");
    assertThatThrownBy(() -> steps.select(t, List.of("missing")))
        .hasMessageContaining("no column 'missing'");
  }

  @Test
  void filterRunsOnlyOnALockedEngine() throws IOException {
    Table t = csv("t", "id,label\n1,x\n");
    assertThatThrownBy(() -> steps.filter(t, "id = 1")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void stratifiedSplitKeepsClassSharesAndIsSeeded() throws IOException {
    StringBuilder csv = new StringBuilder("id,label\n");
    for (int i = 0; i < 1000; i++) {
      csv.append(i).append(',').append(i % 10 == 0 ? "rare" : "common").append('\n');
    }
    Table t = csv("s", csv.toString());
    Transforms.Split split = steps.split(t, 0.2, "label", 1);
    assertThat(split.test().rows()).isEqualTo(200);
    assertThat(
            engine.single("SELECT count(*) FROM " + split.test().name() + " WHERE label = 'rare'"))
        .isEqualTo(20);
    assertThat(
            engine.single(
                "SELECT count(*) FROM "
                    + split.train().name()
                    + " t JOIN "
                    + split.test().name()
                    + " s USING (id)"))
        .isZero();
    assertThat(column(steps.split(t, 0.2, "label", 1).test(), "id"))
        .isEqualTo(column(split.test(), "id"));
  }

  @Test
  void mixByWeight() throws IOException {
    Table a = csv("a", "text\n" + "from a\n".repeat(100));
    Table b = csv("b", "text\n" + "from b\n".repeat(100));
    Table mixed = steps.mix(List.of(a, b), List.of(3.0, 1.0), 80, 5).table();
    assertThat(mixed.rows()).isEqualTo(80);
    assertThat(engine.single("SELECT count(*) FROM " + mixed.name() + " WHERE text = 'from a'"))
        .isEqualTo(60);
  }

  @Test
  void mixUpsamplesWithReplacementAndListsTheRepeatedRows() throws IOException {
    Table small = csv("small", "id,text\n" + "1,one\n2,two\n3,three\n4,four\n");
    Table big = csv("big", "id,text\n" + "9,big\n".repeat(10));
    // 4 rows asked for 10: every row twice, two of them a third time
    Transforms.Mixed mixed = steps.mix(List.of(small, big), List.of(1.0, 1.0), 20, 5);

    assertThat(mixed.table().rows()).isEqualTo(20);
    Map<Long, Long> times = new HashMap<>();
    engine.query(
        "SELECT id, count(*) FROM " + mixed.table().name() + " WHERE id < 9 GROUP BY id",
        r -> times.put(r.getLong(1), r.getLong(2)));
    assertThat(times.values()).containsExactlyInAnyOrder(2L, 2L, 3L, 3L);
    Map<Long, Long> listed = new HashMap<>();
    engine.query(
        "SELECT row, times FROM " + mixed.repeats().name() + " WHERE source LIKE '%small%'",
        r -> listed.put(r.getLong(1) + 1, r.getLong(2))); // row is 0-based, ids start at 1
    assertThat(listed).isEqualTo(times);
    assertThat(engine.single("SELECT count(*) FROM " + mixed.repeats().name())).isEqualTo(4);
    // copies of one row are spread through the mix, not side by side
    assertThat(
            engine.single(
                "SELECT count(*) FROM (SELECT id, lag(id) OVER (ORDER BY rowid) AS prev FROM "
                    + mixed.table().name()
                    + ") WHERE id = prev AND id < 9"))
        .isLessThan(4);

    assertThatThrownBy(() -> steps.mix(List.of(small, big), List.of(-1.0, 1.0), 0, 5))
        .hasMessageContaining("not negative");
  }

  @Test
  void convertsToEachTrainerFormat() throws IOException {
    Table qa =
        csv(
            "qa",
            "question,response,rejected_response,answer\nWhat is 2+2?,4,5,4\nCapital of France?,Paris,Rome,Paris\n");
    Path sft = dir.resolve("sft.jsonl");
    new OutputWriter(engine).write(new Converter(engine).convert(qa, Format.SFT, Map.of()), sft);
    JsonNode first = JSON.readTree(Files.readAllLines(sft).get(0));
    assertThat(first.path("messages").get(0).path("role").asText()).isEqualTo("user");
    assertThat(first.path("messages").get(0).path("content").asText()).isEqualTo("What is 2+2?");
    assertThat(first.path("messages").get(1).path("content").asText()).isEqualTo("4");

    Table dpo = new Converter(engine).convert(qa, Format.DPO, Map.of("chosen", "response"));
    assertThat(dpo.columns())
        .extracting(DataEngine.Column::name)
        .containsExactly("prompt", "chosen", "rejected");
    Table grpo = new Converter(engine).convert(qa, Format.GRPO, Map.of());
    assertThat(column(grpo, "answer")).containsExactly("4", "Paris");
    Table pc = new Converter(engine).convert(qa, Format.PROMPT_COMPLETION, Map.of());
    assertThat(column(pc, "completion")).containsExactly("4", "Paris");
  }

  @Test
  void conversionRejectsRowsThatDoNotFit() throws IOException {
    Table gaps = csv("gaps", "prompt,chosen,rejected\nhi,hello,hey\nyo,,sup\nok,same,same\n");
    assertThatThrownBy(() -> new Converter(engine).convert(gaps, Format.DPO, Map.of()))
        .hasMessageContaining("1 rows have an empty 'chosen' (first at row 2)");
    Table same = csv("same", "prompt,chosen,rejected\nhi,hello,hey\nok,same,same\n");
    assertThatThrownBy(() -> new Converter(engine).convert(same, Format.DPO, Map.of()))
        .hasMessageContaining("chosen equal to rejected");
    assertThatThrownBy(() -> Format.parse("rlhf")).hasMessageContaining("formats are: sft");
  }

  @Test
  void readsArffTsvAndParquetFolders() throws IOException {
    Path arff = dir.resolve("iris.arff");
    Files.writeString(
        arff,
        "% comment\n@RELATION iris\n@ATTRIBUTE sepal NUMERIC\n@ATTRIBUTE 'class name' {a,b}\n@DATA\n5.1,a\n?,b\n4.9,'a'\n");
    Table t = engine.load("arff", arff);
    assertThat(t.columns())
        .extracting(DataEngine.Column::name)
        .containsExactly("sepal", "class name");
    assertThat(t.rows()).isEqualTo(3);
    assertThat(engine.single("SELECT count(*) FROM arff WHERE sepal IS NULL")).isEqualTo(1);

    Path tsv = dir.resolve("x.tsv");
    Files.writeString(tsv, "a\tb\n1\thello, world\n");
    assertThat(column(engine.load("tsv", tsv), "b")).containsExactly("hello, world");

    Path folder = dir.resolve("parts");
    Files.createDirectories(folder);
    new OutputWriter(engine).write(t, folder.resolve("0000.parquet"));
    new OutputWriter(engine).write(t, folder.resolve("0001.parquet"));
    assertThat(engine.load("folder", folder).rows()).isEqualTo(6);
  }
}
