package dev.mlintern.lookup;

import dev.mlintern.core.tool.Tool;
import dev.mlintern.lookup.docs.DocsInput;
import dev.mlintern.testkit.ToolContract;
import java.util.List;
import java.util.Map;

class DocsToolContractTest extends ToolContract<DocsInput> {
  @Override
  protected Tool<DocsInput> tool() {
    return new LookupFixture(workspace.resolve("home"), Map.of()).tool("docs");
  }

  @Override
  protected DocsInput sampleInput() {
    return new DocsInput.Read("trl", "sft_trainer", 0);
  }

  @Override
  protected List<DocsInput> sampleInputs() {
    return List.of(
        new DocsInput.Search("packing", "trl", 3), new DocsInput.Pages("peft"), sampleInput());
  }

  @Override
  protected String badArguments() {
    return "{\"operation\": \"read\", \"library\": \"trl\"}";
  }

  @Override
  protected List<DocsInput> rejectedInputs() {
    return List.of(new DocsInput.Pages("../etc"), new DocsInput.Read("trl", "../x", null));
  }
}
