package dev.mlintern.app.pinned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RememberToolTest {
  @TempDir Path workspace;

  @Test
  void keepsNumberedFactsInTheWorkspaceAndForgetsByNumber() {
    RememberTool tool = new RememberTool();
    ToolContext context = ToolContext.standalone(workspace);
    tool.call(
        new RememberTool.Input("train on openai/gsm8k main, test split held out", null), context);
    tool.call(new RememberTool.Input("baseline accuracy 0.31 (run r1)", null), context);

    String after =
        tool.call(new RememberTool.Input("lr 2e-5 diverged; use 1e-5", List.of(1)), context)
            .content();

    assertThat(after)
        .isEqualTo(
            "Facts kept through compaction:\n1. baseline accuracy 0.31 (run r1)\n2. lr 2e-5"
                + " diverged; use 1e-5");
    assertThat(new Facts(workspace).render()).startsWith("1. baseline accuracy 0.31");
  }

  @Test
  void anEmptyCallIsRefused() {
    assertThatThrownBy(
            () ->
                new RememberTool()
                    .call(new RememberTool.Input(" ", null), ToolContext.standalone(workspace)))
        .isInstanceOf(ToolException.class)
        .hasMessage("remember needs a fact to keep or numbers to forget");
  }
}
