package dev.mlintern.compute.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlintern.compute.JobService;
import dev.mlintern.compute.LogQuery;
import dev.mlintern.compute.executor.HfJobsExecutor;
import dev.mlintern.compute.executor.LocalExecutorTest;
import dev.mlintern.compute.ledger.LedgerDb;
import dev.mlintern.core.Sleeper;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.JsonSchemas;
import dev.mlintern.core.tool.Tool;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolInputs;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.testkit.FakeHfJobs;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jobs, experiments and diagnose tools as the agent loop calls them: JSON arguments in, capped
 * text out.
 */
class ToolsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path home;
  private LedgerDb db;
  private JobService service;
  private FakeHfJobs fake;
  private final List<AgentEvent> events = new ArrayList<>();
  private ToolContext context;

  @BeforeEach
  void open() throws Exception {
    db = LedgerDb.open(home);
    fake =
        new FakeHfJobs(
            home.resolve("hf"), "ns", "hf_tools_test_token", Path.of("/usr/bin/python3"));
    HfJobsExecutor hf =
        new HfJobsExecutor(HttpClient.newHttpClient(), fake.baseUrl(), "hf_tools_test_token", "ns");
    service =
        new JobService(
            db,
            Map.of("local", LocalExecutorTest.local(home, 2), "hf-jobs", hf),
            home.resolve("jobs"),
            Secrets.none(),
            Clock.systemUTC(),
            Sleeper.SYSTEM);
    context = new ToolContext("s-tools", "c-1", home, events::add, Secrets.none(), () -> false);
  }

  @AfterEach
  void close() {
    service.endSession("s-tools", e -> {});
    fake.close();
    db.close();
  }

  private <I> ToolResult call(Tool<I> tool, String json) {
    return tool.call(
        ToolInputs.decode(tool.name(), tool.inputType(), ToolInputs.parse(tool.name(), json)),
        context);
  }

  private <I> I input(Tool<I> tool, String json) {
    return ToolInputs.decode(tool.name(), tool.inputType(), ToolInputs.parse(tool.name(), json));
  }

  @Test
  void everyToolHasADescriptionAndASchemaWithItsOperations() {
    List<Tool<?>> tools =
        List.of(
            new JobsTool(service, "local", java.time.Duration.ofMillis(100)),
            new ExperimentsTool(service.ledger()),
            new DiagnoseTool(service));
    for (Tool<?> tool : tools) {
      assertThat(tool.description()).isNotBlank();
      assertThat(tool.name()).matches("[a-z_]+");
      assertThat(JsonSchemas.of(tool.inputType()).path("type").asText()).isEqualTo("object");
    }
    JsonNode jobs =
        JsonSchemas.of(JobsInput.class).path("properties").path("operation").path("enum");
    assertThat(jobs.toString())
        .contains("submit", "status", "logs", "wait", "cancel", "list", "flavors");
    JsonNode experiments =
        JsonSchemas.of(ExperimentsInput.class).path("properties").path("operation").path("enum");
    assertThat(experiments.toString()).contains("record", "compare", "best", "history", "list");
  }

  @Test
  void submitWaitStatusAndLogsThroughTheJobsTool() {
    JobsTool tool = new JobsTool(service, "local", java.time.Duration.ofMillis(100));
    ToolResult submitted =
        call(
            tool,
            "{\"operation\": \"submit\", \"command\": [\"bash\", \"-c\","
                + " \"for i in $(seq 1 500); do echo line $i; done; echo 'MLINTERN_METRIC {\\\"name\\\": \\\"acc\\\", \\\"value\\\": 0.7}'\"],"
                + " \"experiment\": \"tools\", \"timeout\": \"2m\"}");
    String id = submitted.details().path("id").asText();
    assertThat(submitted.content()).startsWith("submitted " + id + " on local");
    ToolResult waited =
        call(tool, "{\"operation\": \"wait\", \"id\": \"" + id + "\", \"seconds\": 30}");
    assertThat(waited.content()).contains(id + " succeeded", "acc=0.7");
    ToolResult logs = call(tool, "{\"operation\": \"logs\", \"id\": \"" + id + "\", \"tail\": 3}");
    assertThat(logs.content()).contains("line 499", "line 500").doesNotContain("line 497");
    ToolResult grep =
        call(tool, "{\"operation\": \"logs\", \"id\": \"" + id + "\", \"grep\": \"line 1[0-9]$\"}");
    assertThat(grep.content().lines().filter(l -> l.startsWith("line"))).hasSize(10);
    ToolResult page = call(tool, "{\"operation\": \"logs\", \"id\": \"" + id + "\", \"since\": 0}");
    assertThat(page.content().length()).isLessThan(LogQuery.DEFAULT_MAX_CHARS + 100);
    assertThat(page.details().path("next_offset").asLong()).isPositive();
    assertThat(call(tool, "{\"operation\": \"list\", \"limit\": 5}").content()).contains(id);
    assertThat(tool.effects(input(tool, "{\"operation\": \"status\", \"id\": \"" + id + "\"}")))
        .containsExactly(Effect.READ);
  }

  @Test
  void hfJobsSubmissionsSpendMoneyWithAnEstimateAndFlavorsListPrices() {
    JobsTool tool = new JobsTool(service, "local", java.time.Duration.ofMillis(100));
    JobsInput paid =
        input(
            tool,
            "{\"operation\": \"submit\", \"command\": [\"true\"], \"executor\": \"hf-jobs\","
                + " \"flavor\": \"a100-large\", \"timeout\": \"1h\"}");
    assertThat(tool.effects(paid)).contains(Effect.SPEND);
    assertThat(tool.estimateUsd(paid).getAsDouble()).isBetween(2.0, 3.0);
    assertThat(tool.approvalNote(paid))
        .isEqualTo("its $MLINTERN_OUTPUT will be kept in hf://ns/mlintern-jobs/outputs/<job id>");
    JobsInput local = input(tool, "{\"operation\": \"submit\", \"command\": [\"true\"]}");
    assertThat(tool.effects(local)).doesNotContain(Effect.SPEND);
    assertThat(tool.approvalNote(local)).isEmpty();
    assertThat(call(tool, "{\"operation\": \"flavors\", \"executor\": \"hf-jobs\"}").content())
        .contains("a10g-small", "cpu-basic");
  }

  @Test
  void mistakesComeBackAsActionableToolErrors() {
    JobsTool tool = new JobsTool(service, "local", java.time.Duration.ofMillis(100));
    assertThatThrownBy(() -> call(tool, "{\"operation\": \"status\", \"id\": \"j-aaaaaaaaaaaa\"}"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("operation list");
    assertThatThrownBy(
            () ->
                call(
                    tool,
                    "{\"operation\": \"submit\", \"command\": [\"true\"], \"timeout\": \"soon\"}"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("30m");
    assertThatThrownBy(
            () ->
                call(
                    tool,
                    "{\"operation\": \"submit\", \"command\": [\"true\"], \"executor\": \"k8s\"}"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("local");
    assertThatThrownBy(() -> call(tool, "{\"operation\": \"explode\"}"))
        .isInstanceOf(ToolException.class);
  }

  @Test
  void experimentsRecordBestCompareHistory() {
    ExperimentsTool tool = new ExperimentsTool(service.ledger());
    String a =
        call(
                tool,
                "{\"operation\": \"record\", \"experiment\": \"e\", \"metrics\": {\"val_rmse\": 3.0},"
                    + " \"config\": {\"model\": \"rf\"}}")
            .content()
            .split(" ")[1];
    String b =
        call(
                tool,
                "{\"operation\": \"record\", \"experiment\": \"e\", \"metrics\": {\"val_rmse\": 2.5},"
                    + " \"config\": {\"model\": \"hgb\"}, \"parent\": \""
                    + a
                    + "\"}")
            .content()
            .split(" ")[1];
    call(
        tool,
        "{\"operation\": \"record\", \"experiment\": \"e\", \"metrics\": {\"val_rmse\": 1.0}, \"status\": \"failed\"}");
    assertThat(
            call(tool, "{\"operation\": \"best\", \"experiment\": \"e\", \"metric\": \"val_rmse\"}")
                .content())
        .contains(b, "lower is better", "hgb");
    assertThat(
            call(tool, "{\"operation\": \"compare\", \"a\": \"" + a + "\", \"b\": \"" + b + "\"}")
                .content())
        .contains("model: rf → hgb", "val_rmse: 3 → 2.5 (-0.5)");
    assertThat(
            call(
                    tool,
                    "{\"operation\": \"history\", \"experiment\": \"e\", \"metric\": \"val_rmse\"}")
                .content()
                .lines())
        .hasSize(4);
    assertThat(call(tool, "{\"operation\": \"list\", \"experiment\": \"*\"}").content())
        .contains("e\t3 runs");
    assertThat(service.ledger().requireRun(b).parentRun()).isEqualTo(a);
    assertThatThrownBy(
            () ->
                call(tool, "{\"operation\": \"compare\", \"a\": \"r-nope\", \"b\": \"" + b + "\"}"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("no run r-nope");
  }
}
