package dev.mlintern.data.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.JsonSchemas;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolInputs;
import dev.mlintern.core.tool.ToolResult;
import dev.mlintern.data.hub.HubClient;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.FixtureServer.Response;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HubToolTest {
  private final FixtureServer server = new FixtureServer();
  private final HubTool tool =
      new HubTool(
          new HubClient(
              HubClient.defaultHttpClient(), server.baseUrl(), Optional.empty(), d -> {}));

  @AfterEach
  void close() {
    server.close();
  }

  private ToolResult call(String arguments) {
    var input =
        ToolInputs.decode(tool.name(), tool.inputType(), ToolInputs.parse(tool.name(), arguments));
    assertThat(tool.effects(input)).containsExactly(Effect.READ);
    return tool.call(input, ToolContext.standalone(Path.of(".")));
  }

  @Test
  void schemaAndDescription() {
    assertThat(tool.description()).contains("search", "card");
    assertThat(
            JsonSchemas.of(tool.inputType())
                .path("properties")
                .path("operation")
                .path("enum")
                .toString())
        .isEqualTo("[\"search\",\"info\",\"card\",\"files\"]");
  }

  @Test
  void searchInfoCardAndFiles() {
    server.route("GET", "/api/datasets", Response.fixture(200, "hf_datasets_by_arxiv.json"));
    server.route(
        "GET", "/api/datasets/nyu-mll/glue", Response.fixture(200, "hf_dataset_info.json"));
    server.route(
        "GET",
        "/datasets/nyu-mll/glue/raw/main/README.md",
        Response.fixture(200, "hf_dataset_card_README.md"));
    server.route(
        "GET",
        "/api/datasets/nyu-mll/glue/tree/main",
        Response.fixture(200, "hf_tree_dataset_data_dir.json"));

    assertThat(
            call("{\"operation\":\"search\",\"query\":\"\",\"filters\":[\"arxiv:1804.07461\"]}")
                .content())
        .contains("downloads");
    assertThat(server.lastRequest().query()).contains("filter=arxiv%3A1804.07461", "limit=10");
    assertThat(call("{\"operation\":\"info\",\"repo\":\"nyu-mll/glue\"}").content())
        .contains("downloads", "files (");
    ToolResult card = call("{\"operation\":\"card\",\"repo\":\"nyu-mll/glue\"}");
    assertThat(card.content()).startsWith("metadata:\n");
    assertThat(card.untrusted()).as("card text is written by the repo owner").isTrue();
    assertThat(call("{\"operation\":\"files\",\"repo\":\"nyu-mll/glue\"}").content())
        .contains("data/train-00000-of-00001.parquet", "(lfs)");
  }

  @Test
  void hubErrorsBecomeActionableToolErrors() {
    server.route(
        "GET",
        "/api/models/meta-llama/x",
        Response.json(401, "{}").withHeader("X-Error-Code", "GatedRepo"));
    assertThatThrownBy(
            () -> call("{\"operation\":\"info\",\"repo\":\"meta-llama/x\",\"kind\":\"model\"}"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("request access");
    assertThatThrownBy(() -> call("{\"operation\":\"info\",\"repo\":\"x/y\",\"kind\":\"space\"}"))
        .isInstanceOf(ToolException.class)
        .hasMessageContaining("'dataset' or 'model'");
  }
}
