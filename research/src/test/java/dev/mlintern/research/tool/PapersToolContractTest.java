package dev.mlintern.research.tool;

import dev.mlintern.core.tool.Tool;
import dev.mlintern.research.FakeTime;
import dev.mlintern.research.TestResearch;
import dev.mlintern.research.recipe.Recipe;
import dev.mlintern.testkit.FixtureServer;
import dev.mlintern.testkit.ToolContract;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

class PapersToolContractTest extends ToolContract<PapersInput> {
  final FixtureServer server = new FixtureServer();

  @AfterEach
  void close() {
    server.close();
  }

  @Override
  protected Tool<PapersInput> tool() {
    return new PapersTool(TestResearch.create(workspace.resolve("home"), server, new FakeTime()));
  }

  @Override
  protected PapersInput sampleInput() {
    return new PapersInput.Search("lora", "arxiv", 5);
  }

  @Override
  protected List<PapersInput> sampleInputs() {
    return List.of(
        new PapersInput.Search("lora", null, null),
        new PapersInput.Details("1706.03762"),
        new PapersInput.Read("1706.03762", "3", 0),
        new PapersInput.Citations("1706.03762", 5),
        new PapersInput.References("1706.03762", null),
        new PapersInput.Recommend("1706.03762", 3),
        new PapersInput.Crawl(List.of("1706.03762"), "translation", 2, 10),
        new PapersInput.FindDatasets("1706.03762", null),
        new PapersInput.FindModels("1706.03762", 3),
        new PapersInput.Recipe(
            "save",
            null,
            new Recipe(
                "arxiv:1706.03762",
                List.of(new Recipe.Item("WMT 2014", null, "§6")),
                null,
                new Recipe.Item("Transformer", null, "§3"),
                List.of(new Recipe.Item("warmup", "4000", "§5.3")),
                List.of(),
                null)));
  }

  @Override
  protected String badArguments() {
    return "{\"operation\": \"read\", \"section\": 3}";
  }

  @Override
  protected List<PapersInput> rejectedInputs() {
    return List.of(
        new PapersInput.Details("not an id"),
        new PapersInput.Read("1706.03762x", null, null),
        new PapersInput.Search(" ", null, null),
        new PapersInput.Search("x", "google", null),
        new PapersInput.Crawl(List.of(), null, null, null),
        new PapersInput.Recipe("bake", null, null),
        new PapersInput.Recipe("save", null, null),
        new PapersInput.Read("lib:missing-000000", null, null));
  }
}
