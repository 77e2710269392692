package dev.mlintern.data.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.JsonSchemas;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolInputs;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.data.hub.DatasetViewerClient;
import dev.mlintern.data.hub.HubClient;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import dev.mlintern.testkit.Shared;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetToolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final FixtureServer server = new FixtureServer();
  @TempDir Path workspace;
  @TempDir Path cache;
  private DatasetTool tool;
  private ToolContext context;

  @BeforeEach
  void setUp() throws Exception {
    HubClient hub =
        new HubClient(
            HubClient.defaultHttpClient(),
            server.baseUrl(),
            Optional.of("hf_testtoken123"),
            d -> {});
    DatasetViewerClient viewer =
        new DatasetViewerClient(
            HubClient.defaultHttpClient(), server.baseUrl(), Optional.empty(), d -> {});
    tool = new DatasetTool(hub, viewer, cache, cache.resolve("scratch"), null);
    context = ToolContext.standalone(workspace);
    Files.createDirectories(workspace.resolve("data"));
    for (String task : new String[] {"wine", "fine-foods"}) {
      Path dir = Shared.benchTask(task).resolve("data");
      Files.copy(dir.resolve("train.csv"), workspace.resolve("data").resolve(task + "-train.csv"));
      Files.copy(dir.resolve("test.csv"), workspace.resolve("data").resolve(task + "-test.csv"));
    }
  }

  @AfterEach
  void close() {
    server.close();
  }

  private ToolResult call(String arguments) {
    var input =
        ToolInputs.decode(tool.name(), tool.inputType(), ToolInputs.parse(tool.name(), arguments));
    return tool.call(input, context);
  }

  @Test
  void describesItselfWithAnOperationSchema() {
    assertThat(tool.description()).contains("audit", "GO-WITH-FIXES");
    var schema = JsonSchemas.of(tool.inputType());
    assertThat(schema.path("properties").path("operation").path("enum"))
        .extracting(JsonNode::asText)
        .containsExactly(
            "inspect",
            "profile",
            "audit",
            "transform",
            "contamination_check",
            "push",
            "template",
            "difficulty",
            "synthesize");
    assertThatThrownBy(() -> call("{\"operation\":\"explode\"}"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("operations are");
  }

  @Test
  void auditReturnsASummaryAndSavesTheFullReport() throws Exception {
    ToolResult result =
        call(
            "{\"operation\":\"audit\",\"train\":\"data/wine-train.csv\",\"test\":\"data/wine-test.csv\","
                + "\"target\":\"cultivar\",\"id\":\"id\"}");
    assertThat(result.content()).startsWith("Verdict: GO\n").contains("full report");
    String saved =
        result.content().replaceAll("(?s).*full report \\(with example rows\\): ", "").strip();
    JsonNode report = JSON.readTree(workspace.resolve(saved).toFile());
    assertThat(report.path("verdict").asText()).isEqualTo("GO");
    assertThat(result.details().toString()).isEqualTo(report.toString());
  }

  @Test
  void profileSummarizesAndRefusesPathsOutsideTheWorkspace() {
    ToolResult result =
        call(
            "{\"operation\":\"profile\",\"source\":\"data/wine-train.csv\",\"target\":\"cultivar\"}");
    assertThat(result.content())
        .contains("124 rows, 15 columns", "Label balance of cultivar")
        .hasSizeLessThan(5000);
    assertThatThrownBy(() -> call("{\"operation\":\"profile\",\"source\":\"../../etc/passwd\"}"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("outside the session workspace");
    assertThatThrownBy(
            () ->
                call(
                    "{\"operation\":\"profile\",\"source\":\"data/wine-train.csv\",\"target\":\"quality\"}"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("no column 'quality'")
        .hasMessageContaining("cultivar");
  }

  @Test
  void transformConvertsAndSplitsWithHashes() throws Exception {
    ToolResult result =
        call(
            "{\"operation\":\"transform\",\"source\":\"data/fine-foods-train.csv\",\"out\":\"prepared/reviews.parquet\","
                + "\"dedup\":true,\"convertTo\":\"classification\",\"mapping\":{\"label\":\"score\"},\"testFraction\":0.25,"
                + "\"stratify\":\"label\",\"seed\":3}");
    assertThat(result.content())
        .contains("prepared/reviews.parquet", "prepared/reviews.test.parquet", "sha256");
    JsonNode train =
        JSON.readTree(workspace.resolve("prepared/reviews.parquet.manifest.json").toFile());
    JsonNode test =
        JSON.readTree(workspace.resolve("prepared/reviews.test.parquet.manifest.json").toFile());
    assertThat(train.path("rows").asLong() + test.path("rows").asLong()).isBetween(3900L, 4000L);
    assertThat(
            (double) test.path("rows").asLong()
                / (train.path("rows").asLong() + test.path("rows").asLong()))
        .isBetween(0.24, 0.26);
    assertThat(train.path("columns"))
        .extracting(c -> c.path("name").asText())
        .containsExactly("text", "label");
    assertThat(train.path("sha256").asText()).hasSize(64);

    ToolResult again =
        call(
            "{\"operation\":\"transform\",\"source\":\"data/fine-foods-train.csv\",\"out\":\"prepared/again.parquet\","
                + "\"dedup\":true,\"convertTo\":\"classification\",\"mapping\":{\"label\":\"score\"},\"testFraction\":0.25,"
                + "\"stratify\":\"label\",\"seed\":3}");
    assertThat(again.content()).contains(train.path("sha256").asText());
  }

  @Test
  void transformRefusesPredicatesThatReadAnyOtherFile() throws IOException {
    Path home = cache.resolve("home");
    Files.createDirectories(home);
    String secret = "hf_canary_7f3a9c";
    Path token = Files.writeString(home.resolve("web-token"), secret + "\n");
    Path parquetLike = Files.writeString(home.resolve("notes.csv"), "x\n" + secret + "\n");
    Files.writeString(workspace.resolve("other.csv"), "x\n" + secret + "\n");
    String t = token.toString();
    String dir = home.toString();
    List<String> predicates =
        List.of(
            "id IN (SELECT 1 FROM read_csv('" + parquetLike + "'))",
            "(SELECT count(*) FROM sniff_csv('" + t + "')) > 0",
            "id IN (SELECT 1 FROM parquet_scan('" + t + "'))",
            "length((SELECT content FROM read_text('" + t + "'))) > 0",
            "(SELECT count(*) FROM glob('" + dir + "/*')) > 0",
            "(SELECT count(*) FROM read_text('"
                + dir.substring(0, 4)
                + "' || '"
                + t.substring(4)
                + "')) > 0",
            "(SELECT count(*) FROM read_blob(concat('" + dir + "', '/web-', 'token'))) > 0",
            "(SELECT count(*) FROM query('SELECT * FROM read_text(''" + t + "'')')) > 0",
            "(SELECT count(*) FROM read_csv('" + workspace.resolve("other.csv") + "')) > 0",
            "(SELECT count(*) FROM read_text('/proc/self/environ')) > 0");
    for (String predicate : predicates) {
      assertThatThrownBy(
              () ->
                  call(
                      "{\"operation\":\"transform\",\"source\":\"data/wine-train.csv\",\"out\":\"x.jsonl\","
                          + "\"filter\":"
                          + JSON.writeValueAsString(predicate)
                          + "}"))
          .as(predicate)
          .isInstanceOf(ToolException.class)
          .hasMessageContaining("was refused: it reaches outside the dataset")
          .hasMessageNotContaining(secret);
      assertThat(workspace.resolve("x.jsonl")).as(predicate).doesNotExist();
    }
  }

  @Test
  void transformFiltersRowsOfTheSource() throws IOException {
    ToolResult result =
        call(
            "{\"operation\":\"transform\",\"source\":\"data/wine-train.csv\",\"out\":\"kept.csv\","
                + "\"filter\":"
                + JSON.writeValueAsString(
                    "alcohol >= 13 AND cultivar IN (SELECT cultivar FROM read_csv('"
                        + workspace.resolve("data/wine-train.csv")
                        + "'))")
                + "}");
    assertThat(result.content()).contains("steps: filter", "kept.csv");
    assertThat(Files.readAllLines(workspace.resolve("kept.csv")).size()).isGreaterThan(1);
  }

  @Test
  void contaminationCheckFindsSharedThirteenGrams() {
    ToolResult result =
        call(
            "{\"operation\":\"contamination_check\",\"train\":\"data/fine-foods-train.csv\","
                + "\"eval\":\"data/fine-foods-test.csv\",\"text\":\"review\"}");
    assertThat(result.content())
        .startsWith("8 of 1000 evaluation items share a 13-gram")
        .contains("eval row");
  }

  @Test
  void inspectsHubDatasetsThroughTheViewer() {
    server.route("GET", "/splits", Response.fixture(200, "dv_splits.json"));
    server.route("GET", "/first-rows", Response.fixture(200, "dv_first_rows.json"));
    ToolResult result = call("{\"operation\":\"inspect\",\"source\":\"hf:ibm/duorc\",\"rows\":2}");
    assertThat(result.content()).contains("ParaphraseRC:train", "features of");
    assertThat(
            tool.effects(
                ToolInputs.decode(
                    "dataset",
                    DatasetTool.Input.class,
                    ToolInputs.parse(
                        "dataset", "{\"operation\":\"inspect\",\"source\":\"hf:a/b\"}"))))
        .containsExactly(Effect.READ);
  }

  @Test
  void profilesAHubDatasetFromItsParquetExport() throws Exception {
    call(
        "{\"operation\":\"transform\",\"source\":\"data/wine-train.csv\",\"out\":\"export.parquet\"}");
    byte[] parquet = Files.readAllBytes(workspace.resolve("export.parquet"));
    String sha = dev.mlintern.data.ContentHash.sha256(workspace.resolve("export.parquet"));
    server.route("GET", "/parquet", Response.fixture(200, "dv_parquet.json"));
    String file =
        "/datasets/ibm/duorc/resolve/refs%2Fconvert%2Fparquet/SelfRC/validation/0000.parquet";
    server.route(
        "HEAD",
        file,
        new Response(200, java.util.Map.of("X-Linked-Etag", "\"" + sha + "\""), new byte[0]));
    server.route("GET", file, new Response(200, java.util.Map.of(), parquet));

    ToolResult result =
        call(
            "{\"operation\":\"profile\",\"source\":\"hf:ibm/duorc:SelfRC:validation\",\"target\":\"cultivar\"}");

    assertThat(result.content()).contains("124 rows, 15 columns", "Label balance of cultivar");
    assertThat(
            cache.resolve(
                "datasets/ibm--duorc/refs_convert_parquet/SelfRC/validation/0000.parquet"))
        .exists();
    assertThatThrownBy(
            () -> call("{\"operation\":\"profile\",\"source\":\"hf:ibm/duorc:SelfRC:nope\"}"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("no split 'nope'")
        .hasMessageContaining("SelfRC:train");
  }

  @Test
  void pushPublishesWithAGeneratedCard() throws Exception {
    call(
        "{\"operation\":\"transform\",\"source\":\"data/wine-train.csv\",\"out\":\"prepared/train.jsonl\"}");
    ToolResult audit =
        call(
            "{\"operation\":\"audit\",\"train\":\"data/wine-train.csv\",\"target\":\"cultivar\",\"id\":\"id\"}");
    String report =
        audit.content().replaceAll("(?s).*full report \\(with example rows\\): ", "").strip();
    server.route("POST", "/api/repos/create", Response.fixture(200, "hf_repo_create.json"));
    server.route(
        "POST", "/api/datasets/me/wine/preupload/main", Response.json(200, "{\"files\":[]}"));
    server.route(
        "POST", "/api/datasets/me/wine/commit/main", Response.fixture(200, "hf_commit.json"));
    String args =
        "{\"operation\":\"push\",\"repo\":\"me/wine\",\"files\":[\"prepared/train.jsonl\"],\"auditReport\":\""
            + report
            + "\",\"description\":\"Wine cultivars, prepared.\"}";
    var input =
        ToolInputs.decode("dataset", DatasetTool.Input.class, ToolInputs.parse("dataset", args));
    assertThat(tool.effects(input)).containsExactly(Effect.PUBLISH);

    ToolResult result = tool.call(input, context);

    assertThat(result.content()).contains("pushed 1 files", "4f2a9b1c");
    String ndjson = server.lastRequest().body();
    String cardLine =
        ndjson.lines().filter(l -> l.contains("\"path\":\"README.md\"")).findFirst().orElseThrow();
    String card =
        new String(
            Base64.getDecoder()
                .decode(JSON.readTree(cardLine).path("value").path("content").asText()),
            StandardCharsets.UTF_8);
    JsonNode manifest =
        JSON.readTree(workspace.resolve("prepared/train.jsonl.manifest.json").toFile());
    assertThat(card)
        .startsWith("---\n")
        .contains(
            "path: train.jsonl",
            "## Provenance",
            manifest.path("sha256").asText(),
            "## Audit",
            "Verdict: **GO**",
            "Wine cultivars, prepared.");
    assertThat(server.requests().get(0).body()).contains("\"private\":true");
  }

  @Test
  void templateWritesChatRowsAndAWrongLayoutNamesTheColumns() throws Exception {
    Files.copy(
        Path.of(getClass().getResource("/posttrain/gpqa.jsonl").toURI()),
        workspace.resolve("gpqa.jsonl"));
    ToolResult r =
        call(
            "{\"operation\":\"template\",\"source\":\"gpqa.jsonl\",\"out\":\"chat/gpqa.jsonl\","
                + "\"layout\":\"gpqa\",\"seed\":3}");
    assertThat(r.content())
        .startsWith("chat/gpqa.jsonl\t3 rows\tsha256:")
        .contains("messages (sft)");
    assertThat(workspace.resolve("chat/gpqa.jsonl.manifest.json")).exists();

    assertThatThrownBy(
            () ->
                call(
                    "{\"operation\":\"template\",\"source\":\"gpqa.jsonl\",\"out\":\"o.jsonl\","
                        + "\"layout\":\"mmlu\"}"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("has no column 'question' (role question)")
        .hasMessageContaining("Correct Answer");
  }

  @Test
  void mixWithAWeightAboveTheTableUpsamplesAndWritesWhatItRepeated() throws Exception {
    Files.writeString(workspace.resolve("a.csv"), "text\n" + "plenty\n".repeat(10));
    Files.writeString(workspace.resolve("b.csv"), "text\nrare one\nrare two\n");
    ToolResult r =
        call(
            "{\"operation\":\"transform\",\"source\":\"a.csv\",\"out\":\"mix.jsonl\","
                + "\"mix\":[{\"source\":\"b.csv\",\"weight\":3}],\"seed\":1}");

    assertThat(r.content())
        .contains("mix (upsampled: 2 source rows repeated, listed in mix.jsonl.repeats.jsonl)")
        .contains("mix.jsonl: 12 rows");
    List<String> rows = Files.readAllLines(workspace.resolve("mix.jsonl"));
    assertThat(rows.stream().filter(l -> l.contains("rare")).count()).isEqualTo(9);
    List<String> repeats = Files.readAllLines(workspace.resolve("mix.jsonl.repeats.jsonl"));
    assertThat(repeats).hasSize(2);
    List<Integer> times = new java.util.ArrayList<>();
    for (String line : repeats) {
      times.add(JSON.readTree(line).get("times").asInt());
    }
    assertThat(times).containsExactlyInAnyOrder(4, 5);
  }

  @Test
  void difficultyJoinsPredictionsBackToTheRows() throws Exception {
    Files.copy(
        Path.of(getClass().getResource("/posttrain/arc.jsonl").toURI()),
        workspace.resolve("arc.jsonl"));
    Files.writeString(
        workspace.resolve("predictions.jsonl"),
        "{\"baseline\": {\"index\": 0, \"correct\": false}}\n"
            + "{\"baseline\": {\"index\": 1, \"correct\": true}}\n"
            + "{\"baseline\": {\"index\": 2, \"correct\": false}}\n");
    ToolResult r =
        call(
            "{\"operation\":\"difficulty\",\"source\":\"arc.jsonl\",\"predictions\":"
                + "[\"predictions.jsonl\"],\"out\":\"hard.jsonl\",\"max\":0}");
    assertThat(r.content()).startsWith("hard.jsonl\t2 of 3 rows kept").contains("pass_rate");
    assertThat(Files.readAllLines(workspace.resolve("hard.jsonl")))
        .hasSize(2)
        .allMatch(l -> l.contains("\"difficulty\":\"unsolved\""));
  }
}
