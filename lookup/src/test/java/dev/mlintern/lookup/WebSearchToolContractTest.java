package dev.mlintern.lookup;

import dev.mlintern.core.tool.Tool;
import dev.mlintern.lookup.web.WebSearchTool;
import dev.mlintern.testkit.ToolContract;
import java.util.Map;

class WebSearchToolContractTest extends ToolContract<WebSearchTool.Input> {
  @Override
  protected Tool<WebSearchTool.Input> tool() {
    return new LookupFixture(workspace.resolve("home"), Map.of()).tool("web_search");
  }

  @Override
  protected WebSearchTool.Input sampleInput() {
    return new WebSearchTool.Input("lora", 3);
  }

  @Override
  protected String badArguments() {
    return "{\"query\": 3}";
  }
}
