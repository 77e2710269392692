package dev.mlintern.data.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mlintern.core.config.Settings;
import dev.mlintern.core.event.AgentEvent;
import dev.mlintern.core.model.ChatModel;
import dev.mlintern.core.model.Usage;
import dev.mlintern.core.secret.Secrets;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolInputs;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.data.hub.DatasetViewerClient;
import dev.mlintern.data.hub.HubClient;
import dev.mlintern.data.posttrain.ModelSource;
import dev.mlintern.models.ModelFactory;
import dev.mlintern.models.ModelSpec;
import dev.mlintern.models.PriceList;
import dev.mlintern.testkit.FakeOpenAiServer;
import dev.mlintern.testkit.FakeReply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataset tool's synthesize operation asks for approval of its budget and reports its spend.
 */
class DatasetSynthesisTest {
  private static final Usage CALL = new Usage(200_000, 2_000, 0, 0);
  private final FakeOpenAiServer server = new FakeOpenAiServer();
  @TempDir Path workspace;

  @AfterEach
  void close() {
    server.close();
  }

  private DatasetTool tool() {
    Settings settings =
        new Settings(
            workspace,
            Map.of("OPENAI_BASE_URL", server.baseUrl()),
            Secrets.of(Map.of("OPENAI_API_KEY", "sk-test")));
    HubClient hub =
        new HubClient(
            HubClient.defaultHttpClient(), server.fixtures().baseUrl(), Optional.empty(), d -> {});
    DatasetViewerClient viewer =
        new DatasetViewerClient(
            HubClient.defaultHttpClient(), server.fixtures().baseUrl(), Optional.empty(), d -> {});
    return new DatasetTool(
        hub,
        viewer,
        workspace.resolve(".cache"),
        workspace.resolve(".scratch"),
        new ModelSource() {
          @Override
          public ChatModel create(String spec) {
            return ModelFactory.fromSettings(settings).create(spec);
          }

          @Override
          public double costUsd(String spec, Usage usage) {
            return PriceList.defaults().cost(ModelSpec.parse(spec), usage).usd();
          }
        });
  }

  @Test
  void synthesizeAsksToSpendItsBudgetAndReportsWhatItSpent() throws Exception {
    Files.createDirectories(workspace.resolve(".scratch"));
    server.reply(
        FakeReply.text(
                "[{\"prompt\": \"What is seven times eight?\", \"answer\": \"56\"},"
                    + " {\"prompt\": \"What is nine times six?\", \"answer\": \"54\"}]")
            .withUsage(CALL));
    DatasetTool tool = tool();
    String arguments =
        "{\"operation\": \"synthesize\", \"out\": \"gen/times.jsonl\", \"model\":"
            + " \"openai:gpt-5-mini\", \"instructions\": \"times tables\", \"maxItems\": 2,"
            + " \"maxUsd\": 0.5}";
    var input =
        ToolInputs.decode(tool.name(), tool.inputType(), ToolInputs.parse(tool.name(), arguments));
    List<AgentEvent> events = new ArrayList<>();
    ToolContext context =
        new ToolContext("s1", "call-7", workspace, events::add, Secrets.none(), () -> false);

    assertThat(tool.effects(input)).contains(Effect.SPEND, Effect.NETWORK);
    assertThat(tool.estimateUsd(input)).hasValue(0.5);
    ToolResult result = tool.call(input, context);

    double usd = PriceList.defaults().cost(ModelSpec.parse("openai:gpt-5-mini"), CALL).usd();
    assertThat(result.content()).contains("gen/times.jsonl\t2 items", "generator calls 1");
    assertThat(Files.readAllLines(workspace.resolve("gen/times.jsonl"))).hasSize(2);
    AgentEvent.Spend spend = (AgentEvent.Spend) events.get(events.size() - 1);
    assertThat(spend.callId()).isEqualTo("call-7");
    assertThat(spend.usd()).isCloseTo(usd, within(1e-12));
    assertThat(spend.complete()).isTrue();

    var bad =
        ToolInputs.decode(
            tool.name(),
            tool.inputType(),
            ToolInputs.parse(
                tool.name(),
                "{\"operation\": \"synthesize\", \"out\": \"x.jsonl\", \"model\": \"openai:gpt-5-mini\","
                    + " \"seeds\": \"missing.jsonl\"}"));
    assertThatThrownBy(() -> tool.call(bad, context))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("missing.jsonl");
    assertThat(server.calls()).hasSize(1);
  }
}
