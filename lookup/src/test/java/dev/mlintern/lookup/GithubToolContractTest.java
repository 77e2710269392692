package dev.mlintern.lookup;

import dev.mlintern.core.tool.Tool;
import dev.mlintern.lookup.github.GithubInput;
import dev.mlintern.testkit.ToolContract;
import java.util.List;
import java.util.Map;

class GithubToolContractTest extends ToolContract<GithubInput> {
  @Override
  protected Tool<GithubInput> tool() {
    return new LookupFixture(workspace.resolve("home"), Map.of()).tool("github");
  }

  @Override
  protected GithubInput sampleInput() {
    return new GithubInput.Read("huggingface/trl", "README.md", "main", 0);
  }

  @Override
  protected List<GithubInput> sampleInputs() {
    return List.of(
        new GithubInput.SearchCode("SFTTrainer", "huggingface/trl", "python", 5),
        new GithubInput.SearchRepos("trl", null),
        new GithubInput.Tree("huggingface/trl", "examples", null),
        sampleInput());
  }

  @Override
  protected String badArguments() {
    return "{\"operation\": \"read\", \"path\": \"README.md\"}";
  }

  @Override
  protected List<GithubInput> rejectedInputs() {
    return List.of(new GithubInput.Tree("not a repo", null, null));
  }
}
