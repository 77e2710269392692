package dev.mlintern.lookup;

import dev.mlintern.core.tool.Tool;
import dev.mlintern.lookup.web.WebFetchTool;
import dev.mlintern.testkit.ToolContract;
import java.util.Map;

class WebFetchToolContractTest extends ToolContract<WebFetchTool.Input> {
  @Override
  protected Tool<WebFetchTool.Input> tool() {
    return new LookupFixture(workspace.resolve("home"), Map.of()).tool("web_fetch");
  }

  @Override
  protected WebFetchTool.Input sampleInput() {
    return new WebFetchTool.Input("https://example.org", 0);
  }

  @Override
  protected String badArguments() {
    return "{\"offset\": 2}";
  }
}
