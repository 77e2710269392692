package dev.mlintern.research.tool;

import dev.mlintern.core.tool.Tool;
import dev.mlintern.research.library.PaperLibrary;
import dev.mlintern.testkit.ToolContract;
import java.util.List;

class LibraryToolContractTest extends ToolContract<LibraryInput> {
  @Override
  protected Tool<LibraryInput> tool() {
    return new LibraryTool(new PaperLibrary(workspace.resolve("home/library")));
  }

  @Override
  protected LibraryInput sampleInput() {
    return new LibraryInput.Search("lora", 5);
  }

  @Override
  protected List<LibraryInput> sampleInputs() {
    return List.of(
        new LibraryInput.Add("papers"),
        new LibraryInput.Search("lora", null),
        new LibraryInput.Read("lib:x-123456", "2", 10));
  }

  @Override
  protected String badArguments() {
    return "{\"operation\": \"search\"}";
  }

  @Override
  protected List<LibraryInput> rejectedInputs() {
    return List.of(
        new LibraryInput.Add("../outside"),
        new LibraryInput.Add("missing-folder"),
        new LibraryInput.Search("anything", null),
        new LibraryInput.Read("lib:missing-000000", null, null));
  }
}
