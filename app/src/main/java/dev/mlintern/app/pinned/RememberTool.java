package dev.mlintern.app.pinned;

import dev.mlintern.core.tool.DescribedTool;
import dev.mlintern.core.tool.Effect;
import dev.mlintern.core.tool.Param;
import dev.mlintern.core.tool.ToolContext;
import dev.mlintern.core.tool.ToolException;
import dev.mlintern.core.tool.ToolResult;
import java.util.List;
import java.util.Set;

/**
 * The {@code remember} tool: keeps a key fact (a path, a number, a decision and its reason) pinned
 * through compaction, or forgets facts that no longer hold.
 */
public final class RememberTool extends DescribedTool<RememberTool.Input> {
  /** A fact to add and the numbers of facts to drop. */
  public record Input(
      @Param(value = "one fact to keep, a single line", optional = true) String fact,
      @Param(value = "numbers of kept facts that no longer hold", optional = true)
          List<Integer> forget) {}

  public RememberTool() {
    super("remember", Input.class);
  }

  @Override
  public Set<Effect> effects(Input input) {
    return Set.of(Effect.WRITE);
  }

  @Override
  public ToolResult call(Input input, ToolContext context) {
    if ((input.fact() == null || input.fact().isBlank())
        && (input.forget() == null || input.forget().isEmpty())) {
      throw new ToolException("remember needs a fact to keep or numbers to forget");
    }
    Facts facts = new Facts(context.workspace());
    facts.update(input.fact(), input.forget());
    String list = facts.render();
    return ToolResult.of(
        list.isEmpty() ? "No facts are kept." : "Facts kept through compaction:\n" + list);
  }
}
